// `npm start`: apply migrations, build when the sources changed since the last build, then serve
// on HOST:PORT (default 127.0.0.1:3000) with the embedded executor, through scripts/server.ts
// (webhook URLs on a lean handler, the rest on Next). Honours DATABASE_URL (default: a SQLite
// file in ./data). The migrations and the build are short-lived children; the server then runs in
// this very process (no second Node process waiting for it: ~10 MB and one process less), so this
// process is the web server and a signal to it reaches the server's own shutdown.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const host = env.HOST || "127.0.0.1";
const port = env.PORT || "3000";
env.PORT = port;

const run = (args, label) => {
  console.log(`[start] ${label}`);
  const r = spawnSync(process.execPath, args, { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// Newest modification time under the inputs of a build.
function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of fs.readdirSync(p))
    if (e !== "generated" && e !== "node_modules") m = Math.max(m, newest(path.join(p, e)));
  return m;
}

run(["scripts/db.mjs", "deploy"], "applying database migrations");
const SERVER = ".next/hookline-server.mjs";
const builtAt = fs.existsSync(".next/BUILD_ID") ? fs.statSync(".next/BUILD_ID").mtimeMs : 0;
const inputs = [
  "app",
  "components",
  "lib",
  "public",
  "scripts/server.ts",
  "instrumentation.ts",
  "proxy.ts",
  "next.config.js",
  "package-lock.json",
  "postcss.config.mjs",
];
if (env.HOOKLINE_SKIP_BUILD !== "1" && (!fs.existsSync(SERVER) || Math.max(...inputs.map(newest)) > builtAt)) {
  const r = spawnSync("npm", ["run", "--silent", "build"], { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
console.log(`[start] serving on http://${host}:${port}`);
env.HOST = host;
env.NODE_ENV = "production";
// Before the server bundle loads: Next reads NODE_ENV when it is imported.
Object.assign(process.env, env);
await import(pathToFileURL(path.resolve(SERVER)).href);
