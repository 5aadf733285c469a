// `npm test`: everything CI checks, in order, stopping at the first failure:
// lint, typecheck, unit, integration (SQLite and PostgreSQL), build, e2e (Debian's Chromium),
// container (test/container/smoke.mjs: the Dockerfile and docker-compose.yml run for real; it
// installs Debian's docker.io, docker-compose and debootstrap when missing, starts dockerd when none
// runs, builds local stand-ins for the base images, and cleans up: compose down -v, dockerd stopped
// if it started it).
// Prints one closing line "tests: N passed, N failed".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const t0 = Date.now();
const timings = [];

function step(label, cmd, args, opts = {}) {
  const start = Date.now();
  console.log(`\n=== ${label}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...opts.env } });
  timings.push(`${label} ${((Date.now() - start) / 1000).toFixed(1)}s`);
  if (r.status !== 0) {
    console.error(`\n✗ ${label} failed (exit ${r.status ?? r.signal})`);
    summary(true);
    process.exit(r.status || 1);
  }
}

const reachable = (port) =>
  new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1", () => (s.end(), resolve(true)));
    s.on("error", () => resolve(false));
  });

function ensureChromium() {
  if (fs.existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")) return;
  console.log("=== installing Debian's chromium for the e2e tests");
  const apt = (args) =>
    spawnSync("apt-get", args, { stdio: "inherit", env: { ...env, DEBIAN_FRONTEND: "noninteractive" } });
  if (apt(["update", "-qq"]).status !== 0 || apt(["install", "-y", "-qq", "chromium"]).status !== 0) {
    console.error("could not install chromium (apt-get install chromium); the e2e tests need it");
    process.exit(1);
  }
}

async function ensurePostgres() {
  if (await reachable(5432)) return;
  console.log("=== starting the machine's PostgreSQL server");
  const version = fs.existsSync("/etc/postgresql") ? fs.readdirSync("/etc/postgresql")[0] : undefined;
  if (version)
    spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], { stdio: "inherit" });
  if (!(await reachable(5432))) {
    console.error("PostgreSQL is not reachable on 127.0.0.1:5432; the integration tests need it");
    process.exit(1);
  }
}

function count(file, pick) {
  try {
    return pick(JSON.parse(fs.readFileSync(file, "utf8")));
  } catch {
    return { passed: 0, failed: 0 };
  }
}

function summary(failedEarly = false) {
  const v = count("test-results/vitest-report.json", (j) => ({ passed: j.numPassedTests, failed: j.numFailedTests }));
  const e = count("test-results/e2e-report.json", (j) => ({
    passed: j.stats.expected,
    failed: j.stats.unexpected + j.stats.flaky,
  }));
  const c = count("test-results/container/report.json", (j) => ({ passed: j.passed, failed: j.failed }));
  console.log(`\nTimings: ${timings.join(", ")}; total ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  console.log(
    `tests: ${v.passed + e.passed + c.passed} passed, ${v.failed + e.failed + c.failed + (failedEarly ? 1 : 0)} failed`,
  );
}

fs.rmSync("test-results", { recursive: true, force: true });
fs.mkdirSync("test-results", { recursive: true });
ensureChromium();
await ensurePostgres();
step("lint", process.execPath, ["node_modules/eslint/bin/eslint.js", "--max-warnings=0", "."]);
step("format (prettier --check; `npm run format` fixes it)", process.execPath, [
  "node_modules/prettier/bin/prettier.cjs",
  "--check",
  "--log-level=warn",
  ".",
]);
step("typecheck", "npm", ["run", "--silent", "typecheck"]);
step("unit + integration (SQLite, PostgreSQL)", process.execPath, [
  "node_modules/vitest/vitest.mjs",
  "run",
  "-c",
  "test/vitest.config.ts",
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=test-results/vitest-report.json",
]);
step("build", "npm", ["run", "--silent", "build"]);
step("e2e (Chromium)", process.execPath, [
  "node_modules/@playwright/test/cli.js",
  "test",
  "-c",
  "test/e2e/playwright.config.ts",
]);
step("container", process.execPath, ["test/container/smoke.mjs"]);
summary();
