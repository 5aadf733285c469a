// The entry of the engine and steps processes that scripts/server.ts forks (HOOKLINE_ROLE):
// bundled beside it by `npm run build:server` (.next/hookline-roles.mjs, code split with the
// server into .next/hookline-chunks/), so a child loads only what its role imports — never Next,
// the UI or the lean webhook path, which the web server's entry imports statically. Each role's
// module is imported only in its own role: the steps role has no executor, the engine role no
// SDK serve handler (lib/background.ts imports that only when it serves the SDK itself).
import { snapshotProcessEnv } from "@/lib/env";

snapshotProcessEnv();
const role = process.env.HOOKLINE_ROLE;
if (role === "engine") await (await import("./engine-process")).runEngineProcess();
else if (role === "steps") await (await import("./steps-process")).runStepsProcess();
else
  throw new Error(
    `HOOKLINE_ROLE must be engine or steps here (got ${role ?? "nothing"}); the web server is .next/hookline-server.mjs`,
  );
