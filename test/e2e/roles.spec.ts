// What each process of `npm start` loads, and who its parent is (issue 21, footprint): the engine
// and steps processes (.next/hookline-roles.mjs) never load Next or React, which only the web
// server needs (~100 MB per process when the children were the server's own bundle); the web
// server is start.mjs's own process (no second Node process waiting for it); on 2 cores or fewer
// the steps process is one process, without a cluster primary. The memory figure itself is the
// bench's (`npm run bench -- --only footprint`), never a test's.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";
import { startApp } from "./app";

type Probe = {
  pid: number;
  ppid: number;
  role: string | null;
  clusterWorker: boolean;
  argv: string[];
  modules: string[];
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const isUi = (m: string) => /[\\/]node_modules[\\/](next|react|react-dom)[\\/]/.test(m);

test("the engine and steps processes never load Next; the web server runs in start.mjs's own process", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hookline-probe-"));
  const app = await startApp({
    owner: false,
    env: { NODE_OPTIONS: `--import ${new URL("./module-probe.mjs", import.meta.url).href}`, HOOKLINE_PROBE_DIR: dir },
  });
  try {
    const read = (): Probe[] =>
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Probe)
        .filter((p) => alive(p.pid));
    // The app is synced (startApp waited for it): every process has written its list by now or soon.
    await expect
      .poll(
        () =>
          read()
            .filter((p) => p.role)
            .map((p) => p.role),
        { timeout: 10_000 },
      )
      .toEqual(expect.arrayContaining(["engine", "steps"]));
    await new Promise((r) => setTimeout(r, 500)); // one more write each, after start-up
    const procs = read();

    const web = procs.find((p) => p.pid === app.pid());
    expect(web, "start.mjs's process is the web server").toBeTruthy();
    expect(web!.modules.some(isUi), "the probe sees the web server's Next").toBe(true);

    const children = procs.filter((p) => p.role);
    for (const c of children) {
      expect(c.modules.filter(isUi), `${c.role} process ${c.pid} (${c.argv[0]})`).toEqual([]);
      expect(c.argv[0]).toMatch(/hookline-roles\.mjs$/);
    }
    // Engine and steps are children of the web server, that is of start.mjs itself.
    expect(children.filter((c) => !c.clusterWorker).map((c) => c.ppid)).toEqual(
      children.filter((c) => !c.clusterWorker).map(() => app.pid()),
    );
    if (os.availableParallelism() <= 2) {
      // One steps worker by default: it listens itself, no cluster primary beside it.
      expect(children.filter((c) => c.role === "steps")).toEqual([expect.objectContaining({ clusterWorker: false })]);
    }
  } finally {
    await app.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
