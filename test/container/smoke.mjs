// The container smoke test: the project's Dockerfile and docker-compose.yml, run for real on this
// machine (`npm test` runs it as its last stage, "container"; alone: `node test/container/smoke.mjs`,
// as root). No image registry is reachable here, so the public base images are local stand-ins
// (scripts/container/base-images.sh); the daemon has no bridge network, so the compose file runs
// with test/container/compose.host-network.yml over it.
//
// Phases (each timed; a failure stops the test with the compose logs):
//   tools       Debian's docker.io, docker-compose and debootstrap (apt-get when missing)
//   daemon      dockerd --iptables=false --bridge=none when no daemon answers (stopped at the end)
//   base images the stand-ins (kept when present)
//   build       `docker build .` (the Dockerfile as users run it; the compose file's image, by the
//               test override's tag hookline:smoke), its build and prod-deps stages tagged as cache
//   up          db + app until the container's HEALTHCHECK says healthy
//   flow        owner + API key with the image's CLI, a credential, a flow, publish; a Stripe-signed
//               delivery from the host runs the flow
//   down/up     `down` then `up`: the run, the key and the flow are still there; a new delivery runs
//   image alone `docker run` with a /data volume (SQLite): the account survives a new container
//   scale       --profile scale (app + app2 on one PostgreSQL), a burst alternating between them,
//               `docker kill -s KILL` of the executor lease holder mid-burst: every delivery answered
//               2xx has exactly one run and it succeeds; the takeover time is printed
//   cleanup     down -v, the previous build's image removed, dockerd stopped if this test started it
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import Stripe from "stripe";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
process.chdir(ROOT);

const DOCKER = fs.existsSync("/usr/bin/docker") ? "/usr/bin/docker" : "docker";
const PROJECT = "hookline-smoke";
// docker-compose.yml with test/container/compose.host-network.yml over it, as `docker-compose config`
// merges them, less the published ports: Docker refuses port bindings in host network mode and an
// override file can only add to a list (written by hostNetworkCompose() below).
const MERGED = path.join(ROOT, "test-results", "container", "compose.merged.yml");
const COMPOSE = ["-p", PROJECT, "-f", MERGED];
const APP_PORTS = { app: 43000, app2: 43001 };
const DB_URL = "postgresql://hookline:hookline@127.0.0.1:55432/hookline";
const BURST = Number(process.env.SMOKE_BURST ?? 300);
const env = {
  ...process.env,
  DOCKER,
  DOCKER_BUILDKIT: "0", // the classic builder: FROM a local (stand-in) image never asks a registry
  COMPOSE_DOCKER_CLI_BUILD: "0",
  HOOKLINE_SECRET_KEY: crypto.randomBytes(32).toString("base64"),
};
const LOG_DIR = path.join(ROOT, "test-results", "container");
fs.mkdirSync(LOG_DIR, { recursive: true });

const timings = [];
const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;
async function phase(name, fn) {
  const start = Date.now();
  console.log(`\n--- ${name}`);
  const result = await fn();
  timings.push([name, Date.now() - start]);
  console.log(`--- ${name}: ${secs(Date.now() - start)}`);
  return result;
}

class SmokeError extends Error {}
const fail = (msg) => {
  throw new SmokeError(msg);
};

/** Runs a command; output shown unless `log` names a file to keep it in (its tail is shown on failure). */
function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    env: { ...env, ...opts.env },
    encoding: "utf8",
    input: opts.input,
    stdio: opts.capture || opts.log ? ["pipe", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
    maxBuffer: 256 * 1024 * 1024,
  });
  if (opts.log) fs.writeFileSync(path.join(LOG_DIR, opts.log), `${r.stdout ?? ""}${r.stderr ?? ""}`);
  if (r.status !== 0 && !opts.allowFail) {
    const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-40).join("\n");
    fail(`${cmd} ${args.join(" ")} exited ${r.status ?? r.signal}${out ? `:\n${out}` : ""}`);
  }
  return r;
}
const compose = (args, opts) => sh("docker-compose", [...COMPOSE, ...args], opts);
const docker = (args, opts) => sh(DOCKER, args, opts);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, timeoutMs, probe) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) fail(`timed out after ${secs(timeoutMs)} waiting for ${what}`);
    await sleep(250);
  }
}

// ---- tools and daemon
function ensureTools() {
  const need = [
    ["docker.io", "/usr/sbin/dockerd"],
    ["docker-compose", "/usr/bin/docker-compose"],
    ["debootstrap", "/usr/sbin/debootstrap"],
  ].filter(([, bin]) => !fs.existsSync(bin));
  if (need.length === 0) return console.log("docker.io, docker-compose, debootstrap: installed");
  const pkgs = need.map(([p]) => p);
  console.log(`apt-get install ${pkgs.join(" ")}`);
  const aptEnv = { DEBIAN_FRONTEND: "noninteractive" };
  sh("apt-get", ["update", "-qq"], { env: aptEnv, log: "apt.log" });
  sh("apt-get", ["install", "-y", "-qq", ...pkgs], { env: aptEnv, log: "apt.log" });
}

let dockerd = null;
async function ensureDaemon() {
  if (docker(["info"], { capture: true, allowFail: true }).status === 0)
    return console.log("a Docker daemon is running");
  console.log("starting dockerd --iptables=false --bridge=none");
  const out = fs.openSync(path.join(LOG_DIR, "dockerd.log"), "a");
  dockerd = spawn("/usr/sbin/dockerd", ["--iptables=false", "--bridge=none"], {
    stdio: ["ignore", out, out],
    detached: true,
  });
  dockerd.unref();
  await until(
    "the Docker daemon",
    60_000,
    async () => docker(["info"], { capture: true, allowFail: true }).status === 0,
  );
}

async function stopDaemon() {
  if (!dockerd) return;
  console.log(`stopping the dockerd this test started (pid ${dockerd.pid})`);
  process.kill(dockerd.pid, "SIGTERM");
  await until("dockerd to exit", 30_000, async () => {
    try {
      process.kill(dockerd.pid, 0);
      return false;
    } catch {
      return true;
    }
  }).catch(() => process.kill(dockerd.pid, "SIGKILL"));
}

// ---- the app
function hostNetworkCompose() {
  const files = ["-f", "docker-compose.yml", "-f", "test/container/compose.host-network.yml"];
  const merged = sh("docker-compose", [...files, "--profile", "scale", "config"], { capture: true }).stdout.split("\n");
  const out = [];
  for (let i = 0; i < merged.length; i++) {
    if (/^ {4}ports:$/.test(merged[i])) {
      while (/^ {4}- /.test(merged[i + 1] ?? "")) i++;
      continue;
    }
    out.push(merged[i]);
  }
  fs.writeFileSync(MERGED, out.join("\n"));
}

const containerOf = (service) => compose(["ps", "-q", service], { capture: true }).stdout.trim();
const healthOf = (id) =>
  docker(["inspect", "-f", "{{.State.Health.Status}}", id], { capture: true, allowFail: true }).stdout.trim();

async function healthy(service, timeoutMs = 180_000) {
  const start = Date.now();
  await until(`${service}'s HEALTHCHECK to say healthy`, timeoutMs, async () => {
    const id = containerOf(service);
    const h = id && healthOf(id);
    if (h === "unhealthy") fail(`${service} is unhealthy`);
    return h === "healthy";
  });
  console.log(`${service}: healthy after ${secs(Date.now() - start)}`);
}

const health = async (port) =>
  (await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(3000) })).json();

// Reads with the owner's API key (made by the image's CLI); changes with the owner's session (an API
// key acts as an editor at most, and credentials are the owner's).
let apiKey = "";
let cookie = "";
const ORIGIN = `http://127.0.0.1:${APP_PORTS.app}`;
async function signIn(email, password) {
  const res = await fetch(`${ORIGIN}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) fail(`sign-in answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
async function api(method, p, body) {
  const auth = method === "GET" ? { authorization: `Bearer ${apiKey}` } : { cookie, origin: ORIGIN };
  const res = await fetch(`${ORIGIN}${p}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) fail(`${method} ${p} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

const stripe = new Stripe("sk_test_smoke");
const secret = `whsec_${crypto.randomBytes(24).toString("base64url")}`;
let hookPath = "";

/** A Stripe-signed charge event to one instance; the delivery id when it was acknowledged (2xx). */
async function deliver(port, n) {
  const payload = JSON.stringify({
    id: `evt_smoke_${n}_${crypto.randomUUID()}`,
    type: "charge.succeeded",
    data: { object: { id: `ch_${n}`, amount: 100 + n } },
  });
  try {
    const res = await fetch(`http://127.0.0.1:${port}${hookPath}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload, secret }),
      },
      body: payload,
      signal: AbortSignal.timeout(10_000),
    });
    const body = await res.json().catch(() => ({}));
    return res.ok && body.id ? body.id : null;
  } catch {
    return null; // refused or reset (the killed instance): not acknowledged, the sender would retry
  }
}

async function runOf(deliveryId, timeoutMs = 60_000) {
  return until(`the run of ${deliveryId} to succeed`, timeoutMs, async () => {
    const { items } = await api("GET", `/api/runs?deliveryId=${deliveryId}`);
    const run = items[0];
    if (run?.status === "failed") fail(`the run of ${deliveryId} failed: ${run.error}`);
    return run?.status === "succeeded" ? run : undefined;
  });
}

async function main() {
  await phase("tools", async () => ensureTools());
  await phase("daemon", ensureDaemon);
  await phase("base images", async () => sh("bash", ["scripts/container/base-images.sh"]));
  hostNetworkCompose();
  compose(["--profile", "scale", "down", "-v", "--remove-orphans"], { capture: true, allowFail: true });

  // The image, and its build and prod-deps stages tagged too: the classic builder's cache for the
  // next run, and the way to remove exactly this test's previous images (nothing else's).
  const tags = ["hookline:smoke", "hookline:smoke-build", "hookline:smoke-prod-deps"];
  const imageId = (tag) =>
    docker(["image", "inspect", "-f", "{{.Id}}", tag], { capture: true, allowFail: true }).stdout.trim();
  const before = tags.map(imageId);
  await phase("build", async () => {
    // One builder for all three (Debian's docker CLI, classic builder): docker-compose 1.29 builds
    // through docker-py, whose build context tar differs, so its layers never serve the CLI's cache.
    // The stages first, then the image from their cache.
    const buildStart = Date.now() - 1000;
    for (const target of ["prod-deps", "build"])
      docker(["build", "--network", "host", "--target", target, "-t", `hookline:smoke-${target}`, "."], {
        log: `build-${target}.log`,
      });
    docker(["build", "--network", "host", "-t", "hookline:smoke", "."], { log: "build.log" });
    // Untagged images this phase made (a stage built twice when the tree changed between the builds).
    const dangling = docker(["images", "-q", "--no-trunc", "-f", "dangling=true"], { capture: true })
      .stdout.split("\n")
      .filter(Boolean);
    for (const img of dangling) {
      const inspect = docker(["image", "inspect", "-f", "{{.Created}}", img], { capture: true, allowFail: true });
      if (Date.parse(inspect.stdout.trim()) >= buildStart) docker(["rmi", img], { capture: true, allowFail: true });
    }
    const [id, size] = docker(["image", "inspect", "-f", "{{.Id}} {{.Size}}", "hookline:smoke"], { capture: true })
      .stdout.trim()
      .split(" ");
    console.log(
      `hookline:smoke ${id.slice(7, 19)}, ${(Number(size) / 1e6).toFixed(0)} MB (build logs: test-results/container/build*.log)`,
    );
    tags.forEach(
      (tag, i) =>
        before[i] && before[i] !== imageId(tag) && docker(["rmi", before[i]], { capture: true, allowFail: true }),
    );
  });

  await phase("up", async () => {
    compose(["up", "-d", "--no-build", "db", "app"], { capture: true });
    await healthy("app");
  });

  let first;
  await phase("flow", async () => {
    const password = `pw-${crypto.randomUUID()}`;
    const out = compose(
      [
        "exec",
        "-T",
        "-e",
        `HOOKLINE_PASSWORD=${password}`,
        "app",
        "hookline",
        "user:create",
        "--email",
        "owner@smoke.test",
        "--name",
        "Smoke",
        "--api-key",
      ],
      { capture: true },
    ).stdout;
    apiKey = out.match(/hkl_[A-Za-z0-9_-]+/)?.[0] ?? fail(`the CLI printed no API key:\n${out}`);
    console.log(`owner and API key made by the image's CLI (${out.split("\n")[0]})`);
    await signIn("owner@smoke.test", password);
    const cred = await api("POST", "/api/credentials", {
      name: "Stripe signing secret",
      type: "webhook-secret",
      value: secret,
    });
    const definition = {
      schemaVersion: 1,
      nodes: [
        {
          id: "trigger",
          type: "webhook",
          position: { x: 80, y: 160 },
          data: {
            label: "Stripe",
            config: {
              verification: { preset: "stripe" },
              secretId: cred.id,
              dedupe: { by: "preset" },
              rateLimit: { perSecond: 10_000, burst: 100_000 },
            },
          },
        },
        {
          id: "log",
          type: "log",
          position: { x: 380, y: 160 },
          data: { label: "Log", config: { message: "charge {{ trigger.body.data.object.id }}" } },
        },
      ],
      edges: [{ id: "e_trigger_log", source: "trigger", target: "log" }],
    };
    const flow = await api("POST", "/api/flows", { name: "Container smoke", definition });
    const published = await api("POST", `/api/flows/${flow.id}/publish`);
    hookPath = new URL(published.webhookUrl).pathname;
    const t = Date.now();
    const id = (await deliver(APP_PORTS.app, 0)) ?? fail("the signed delivery was not acknowledged");
    first = await runOf(id);
    const detail = await api("GET", `/api/runs/${first.id}`);
    const logged = detail.steps.find((st) => st.nodeId === "log")?.output?.message;
    if (logged !== "charge ch_0") fail(`the flow's Log step wrote ${JSON.stringify(logged)}, not "charge ch_0"`);
    console.log(`delivery ${id} → run ${first.id} succeeded ${secs(Date.now() - t)} after the POST`);
  });

  await phase("down/up", async () => {
    compose(["down"], { capture: true });
    compose(["up", "-d", "--no-build", "db", "app"], { capture: true });
    await healthy("app");
    const again = await api("GET", `/api/runs/${first.id}`);
    if (again.run.status !== "succeeded") fail(`after down/up the first run is ${again.run.status}`);
    const id = (await deliver(APP_PORTS.app, 1)) ?? fail("a delivery after down/up was not acknowledged");
    const run = await runOf(id);
    console.log(`the first run, the API key and the flow survived; a new delivery ran (${run.id})`);
  });

  await phase("image alone (SQLite in /data)", async () => {
    // `docker run` without a database: SQLite and the generated secret key in the /data volume,
    // written by the image's non-root user; a new container on the same volume has the account.
    const volume = `${PROJECT}-alone-data`;
    const run = () =>
      docker(
        [
          "run",
          "-d",
          "--name",
          `${PROJECT}-alone`,
          "--network",
          "host",
          "-e",
          "PORT=43002",
          "-e",
          "HOOKLINE_EXECUTOR_PORT=48290",
          "-v",
          `${volume}:/data`,
          "hookline:smoke",
        ],
        { capture: true },
      ).stdout.trim();
    const remove = () => docker(["rm", "-f", `${PROJECT}-alone`], { capture: true, allowFail: true });
    remove();
    docker(["volume", "rm", volume], { capture: true, allowFail: true });
    try {
      let id = run();
      await until("the lone container to be healthy", 180_000, async () => healthOf(id) === "healthy");
      const password = `pw-${crypto.randomUUID()}`;
      docker(
        ["exec", "-e", `HOOKLINE_PASSWORD=${password}`, id, "hookline", "user:create", "--email", "alone@smoke.test"],
        { capture: true },
      );
      remove();
      id = run();
      await until(
        "the new container on the same volume to be healthy",
        180_000,
        async () => healthOf(id) === "healthy",
      );
      const files = docker(["exec", id, "ls", "-ln", "/data"], { capture: true }).stdout;
      if (!/ 1000 +1000 .* hookline\.db\n/.test(files) || !/ secret-key\n/.test(files)) fail(`/data holds:\n${files}`);
      const res = await fetch("http://127.0.0.1:43002/api/auth/sign-in", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://127.0.0.1:43002" },
        body: JSON.stringify({ email: "alone@smoke.test", password }),
      });
      if (!res.ok) fail(`signing in after the container was replaced answered ${res.status}`);
      console.log(
        "SQLite database and secret key in the volume (owned by uid 1000); the account survived a new container",
      );
    } finally {
      remove();
      docker(["volume", "rm", volume], { capture: true, allowFail: true });
    }
  });

  await phase("scale", async () => {
    compose(["--profile", "scale", "up", "-d", "--no-build", "app2"], { capture: true });
    await healthy("app2");
    const holders = await until("one instance to hold the executor lease", 30_000, async () => {
      const [a, b] = await Promise.all([health(APP_PORTS.app), health(APP_PORTS.app2)]);
      return a.engine.holdsLease !== b.engine.holdsLease
        ? { app: a.engine.holdsLease, app2: b.engine.holdsLease }
        : undefined;
    });
    const victim = holders.app ? "app" : "app2";
    const survivor = victim === "app" ? "app2" : "app";
    const victimId = containerOf(victim);
    console.log(
      `${victim} holds the executor lease; ${BURST} deliveries alternating between the two, ${victim} killed (SIGKILL) after ${Math.floor(BURST / 3)}`,
    );

    const acked = [];
    let sent = 0;
    let killedAt = 0;
    let takeover = null;
    const killAt = Math.floor(BURST / 3);
    const worker = async () => {
      for (;;) {
        const n = sent++;
        if (n >= BURST) return;
        if (n === killAt) {
          docker(["kill", "-s", "KILL", victimId], { capture: true });
          killedAt = Date.now();
          void until(
            `${survivor} to take the executor lease`,
            60_000,
            async () => (await health(APP_PORTS[survivor])).engine.holdsLease === true,
          )
            .then(() => (takeover = Date.now() - killedAt))
            .catch(() => {});
        }
        const id = await deliver(n % 2 ? APP_PORTS.app2 : APP_PORTS.app, 100 + n);
        if (id) acked.push(id);
      }
    };
    const burstStart = Date.now();
    await Promise.all(Array.from({ length: 8 }, worker));
    console.log(
      `${acked.length} of ${BURST} acknowledged in ${secs(Date.now() - burstStart)} (the rest went to the killed instance)`,
    );
    if (acked.length < BURST / 2) fail(`only ${acked.length} of ${BURST} deliveries were acknowledged`);

    const client = new pg.Client({ connectionString: DB_URL });
    await client.connect();
    try {
      const q = `SELECT
          (SELECT COUNT(*) FROM "Run" WHERE "deliveryId" = ANY($1) AND status = 'succeeded')::int AS succeeded,
          (SELECT COUNT(*) FROM "Run" WHERE "deliveryId" = ANY($1) AND status IN ('failed', 'cancelled'))::int AS failed,
          (SELECT COUNT(*) FROM "Run" WHERE "deliveryId" = ANY($1))::int AS runs,
          (SELECT COUNT(DISTINCT "deliveryId") FROM "Run" WHERE "deliveryId" = ANY($1))::int AS delivered`;
      let last;
      await until(`every acknowledged delivery's run to succeed (last: ${JSON.stringify(last)})`, 180_000, async () => {
        last = (await client.query(q, [acked])).rows[0];
        if (last.failed > 0) fail(`${last.failed} runs failed or were cancelled`);
        return last.succeeded === acked.length && last.delivered === acked.length;
      });
      if (last.runs !== acked.length) fail(`${last.runs} runs for ${acked.length} deliveries (a delivery ran twice)`);
      console.log(
        `every acknowledged delivery has exactly one run, succeeded (${last.succeeded}), ${secs(Date.now() - killedAt)} after the kill`,
      );
      console.log(
        takeover === null
          ? `${survivor} took the lease (time not observed)`
          : `takeover: ${survivor} held the executor lease ${secs(takeover)} after the kill`,
      );
    } finally {
      await client.end();
    }
  });
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  console.error(`\n✗ container smoke test: ${e instanceof SmokeError ? e.message : (e?.stack ?? e)}`);
  if (fs.existsSync("/usr/bin/docker-compose")) {
    const logs = compose(["--profile", "scale", "logs", "--no-color", "--tail", "60"], {
      capture: true,
      allowFail: true,
    });
    fs.writeFileSync(path.join(LOG_DIR, "compose.log"), `${logs.stdout}${logs.stderr}`);
    console.error(`${logs.stdout}`.split("\n").slice(-80).join("\n"));
  }
} finally {
  await phase("cleanup", async () => {
    if (fs.existsSync("/usr/bin/docker-compose") && docker(["info"], { capture: true, allowFail: true }).status === 0) {
      compose(["--profile", "scale", "down", "-v", "--remove-orphans"], { capture: true, allowFail: true });
    }
    await stopDaemon();
  }).catch((e) => console.error(`cleanup: ${e.message}`));
  console.log(
    `\nContainer smoke timings: ${timings.map(([n, ms]) => `${n} ${secs(ms)}`).join(", ")}; total ${secs(Date.now() - t0)}`,
  );
  console.log(failed ? "container smoke test: FAILED" : "container smoke test: passed");
  // For npm test's closing count (scripts/test.mjs counts a failed stage itself).
  if (!failed)
    fs.writeFileSync(
      path.join(LOG_DIR, "report.json"),
      JSON.stringify({ passed: 1, failed: 0, timings: Object.fromEntries(timings) }),
    );
  process.exit(failed ? 1 : 0);
}
