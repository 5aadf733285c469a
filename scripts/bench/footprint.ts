// The `footprint` bench section: the memory and the processes of an idle `npm start`, the way a
// user runs it (npm, then scripts/start.mjs: migrations, then the server and its children), on a
// fresh SQLite data dir with the embedded executor. Once /api/health reports the engine synced
// and the app has been left alone for a while, it walks the whole process tree from npm down
// (/proc/<pid>/stat for the parents) and sums each process's proportional set size (the Pss line
// of /proc/<pid>/smaps_rollup: a page shared by n processes counts 1/n in each, so the total is
// what the tree costs the machine). Also `node scripts/start.mjs` without npm, for lean setups.
// Target: <= 300 MB PSS in all and <= 5 processes under `npm start`.
// Run alone: npm run bench -- --only footprint [--no-write]
import fs from "node:fs";
import path from "node:path";
import { SERVER_BUNDLE, ensureBuild } from "./app";
import type { BenchOptions, Section, SectionResult } from "./types";
import { ROOT, fmt, freePort, sleep, spawnTracked, stopChild, tmpDir, waitFor } from "./util";

const TARGET_MB = 300;
const TARGET_PROCESSES = 5;
/**
 * Idle time before the samples: start-up garbage collected, the first background sweeps done.
 * V8's memory reducer shrinks an idle heap only some seconds after allocation slows down: 20 s
 * after the sync the web server still held 123-161 MB, from 35 s on 86-103 MB (watched every
 * 10 s for 3 minutes), so samples at 20 s measured start-up, not idleness.
 */
const SETTLE_S = Number(process.env.BENCH_FOOTPRINT_SETTLE_S ?? 60);
/** Samples over a minute (each minute has a schedule tick; the foresight pass runs every 5 s). */
const SAMPLES = 6;
const SAMPLE_EVERY_S = 10;

type Proc = { pid: number; ppid: number; role: string; pssKb: number; rssKb: number };

function readProc(pid: number, file: string): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return null;
  }
}

function parentOf(pid: number): number | null {
  const stat = readProc(pid, "stat");
  if (!stat) return null;
  // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

function kbLine(text: string | null, name: string): number {
  const m = text ? new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text) : null;
  return m ? Number(m[1]) : 0;
}

/** What a process of the tree is, from its command line and environment (same user). */
function roleOf(pid: number): string {
  const cmd = (readProc(pid, "cmdline") ?? "").split("\0").filter(Boolean);
  const envs = new Map(
    (readProc(pid, "environ") ?? "")
      .split("\0")
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)] as const),
  );
  const line = cmd.join(" ");
  if (/^(sh|bash|dash)$/.test(path.basename(cmd[0] ?? ""))) return "sh (npm's script shell)";
  if (/\bnpm(-cli\.js)?\b/.test(line) && !line.includes("hookline-server")) return "npm";
  if (line.includes("scripts/start.mjs"))
    return envs.get("HOOKLINE_ROLE") ? `${envs.get("HOOKLINE_ROLE")} (scripts/start.mjs)` : "web (scripts/start.mjs)";
  const role = envs.get("HOOKLINE_ROLE");
  if (role === "steps") return envs.has("NODE_UNIQUE_ID") ? "steps worker" : "steps";
  if (role) return role;
  if (line.includes("hookline-server")) return "web";
  return path.basename(cmd[0] ?? "?");
}

/** Every process under `root` (itself included), children after their parent. */
function tree(root: number): Proc[] {
  const children = new Map<number, number[]>();
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    const ppid = parentOf(Number(e));
    if (ppid !== null) children.set(ppid, [...(children.get(ppid) ?? []), Number(e)]);
  }
  const out: Proc[] = [];
  const walk = (pid: number, ppid: number) => {
    const rollup = readProc(pid, "smaps_rollup");
    if (rollup === null) return; // exited meanwhile
    out.push({ pid, ppid, role: roleOf(pid), pssKb: kbLine(rollup, "Pss"), rssKb: kbLine(rollup, "Rss") });
    for (const c of (children.get(pid) ?? []).sort((a, b) => a - b)) walk(c, pid);
  };
  walk(root, 0);
  return out;
}

type Measure = { label: string; procs: Proc[]; totalMb: number; samplesMb: number[] };

async function measure(label: string, command: string, args: string[], log: (l: string) => void): Promise<Measure> {
  const dataDir = tmpDir("hookline-footprint-");
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    HOOKLINE_DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "hookline.db")}`,
    HOOKLINE_EXECUTOR_PORT: String(await freePort()),
    HOOKLINE_SKIP_BUILD: "1",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // What a user's shell would not have: the bench's own npm/tsx settings and any external Inngest.
  for (const k of Object.keys(env))
    if (
      k.startsWith("npm_") ||
      k.startsWith("INNGEST_") ||
      k.startsWith("HOOKLINE_STEPS") ||
      k === "NODE_OPTIONS" ||
      k === "HOOKLINE_SERVE_URL" ||
      k === "HOOKLINE_BACKGROUND"
    )
      delete env[k];
  const logFile = path.join(dataDir, "app.log");
  const fd = fs.openSync(logFile, "a");
  const child = spawnTracked(command, args, { env, stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  try {
    await waitFor(
      "the app's /api/health to report the engine synced",
      120_000,
      async () => {
        const h = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as {
          ok: boolean;
          engine?: { synced: boolean | null };
        };
        return h.ok && h.engine?.synced ? true : undefined;
      },
      () => {
        if (child.exitCode !== null)
          throw new Error(`${label} exited with ${child.exitCode}:\n${fs.readFileSync(logFile, "utf8").slice(-3000)}`);
      },
    );
    log(`[footprint] ${label}: synced; idle for ${SETTLE_S} s, then ${SAMPLES} samples ${SAMPLE_EVERY_S} s apart`);
    await sleep(SETTLE_S * 1000);
    const samples: Proc[][] = [];
    for (let i = 0; i < SAMPLES; i++) {
      if (i > 0) await sleep(SAMPLE_EVERY_S * 1000);
      samples.push(tree(child.pid!));
    }
    const totals = samples.map((s) => s.reduce((a, p) => a + p.pssKb, 0) / 1024);
    // The largest sample, whole (its processes and their figures belong together): the target
    // holds for the worst moment of the idle minute, not its average.
    const worst = totals.indexOf(Math.max(...totals));
    return { label, procs: samples[worst]!, totalMb: totals[worst]!, samplesMb: totals };
  } finally {
    await stopChild(child, 15_000);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function run(opts: BenchOptions): Promise<SectionResult> {
  const build = await ensureBuild(opts.log);
  if (!fs.existsSync(SERVER_BUNDLE)) throw new Error("no server bundle");
  const npm = await measure("npm start", "npm", ["start"], opts.log);
  const lean = await measure(
    "node scripts/start.mjs",
    process.execPath,
    [path.join(ROOT, "scripts/start.mjs")],
    opts.log,
  );
  const rows: string[][] = [];
  for (const m of [npm, lean]) {
    for (const p of m.procs) rows.push([m.label, p.role, String(p.pid), fmt(p.pssKb / 1024), fmt(p.rssKb / 1024)]);
    rows.push([
      m.label,
      `all: ${m.procs.length} processes`,
      "–",
      fmt(m.totalMb),
      fmt(m.procs.reduce((a, p) => a + p.rssKb, 0) / 1024),
    ]);
  }
  return {
    table: { columns: ["started with", "process", "pid", "PSS MB", "RSS MB"], rows },
    targets: [
      {
        text: `idle \`npm start\`: ${fmt(npm.totalMb)} MB PSS over the whole process tree (target <= ${TARGET_MB} MB)`,
        pass: npm.totalMb <= TARGET_MB,
      },
      {
        text: `idle \`npm start\`: ${npm.procs.length} processes, npm included (target <= ${TARGET_PROCESSES})`,
        pass: npm.procs.length <= TARGET_PROCESSES,
      },
    ],
    notes: [
      `${build}.`,
      `Fresh data dir, SQLite, embedded executor, HOOKLINE_STEPS_WORKERS unset (the default for this machine); no request but /api/health.`,
      `Sampled ${SETTLE_S} s after /api/health first reported the engine synced, ${SAMPLES} times ${SAMPLE_EVERY_S} s apart; the table is the largest sample, the target is judged on it. Totals of the samples: npm start ${npm.samplesMb.map((t) => fmt(t)).join(" / ")} MB, node scripts/start.mjs ${lean.samplesMb.map((t) => fmt(t)).join(" / ")} MB.`,
      `PSS = the Pss line of /proc/<pid>/smaps_rollup (a page shared by n processes counts 1/n in each: the sum is what the tree costs); RSS counts shared pages in full in every process, so its sum overstates.`,
    ],
  };
}

export const footprint: Section = { name: "footprint", title: "Footprint: an idle `npm start`", run };
