// Where the CPU goes during a load, per request: the app's processes by role (the web server's
// main thread and its other threads, the engine, the steps), the load generator, the bench's
// reference servers, and PostgreSQL (the app's ingest writer connections, its other connections,
// the server's own processes). Read from /proc: ticks per thread for the web process, per process
// otherwise. A diagnostic of `--diagnose`: it names the costs the ratios leave unexplained.
import fs from "node:fs";
import { TICKS_PER_S } from "./util";

type Sample = { at: number; ticks: Map<string, number> };

const read = (f: string) => {
  try {
    return fs.readFileSync(f, "utf8");
  } catch {
    return null;
  }
};

/** utime + stime of a /proc/.../stat line. */
function ticksOf(stat: string): number {
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]);
}

/** The role of a process (null: not one the bench accounts for). `dataDir` tells the app's processes apart. */
function roleOf(pid: string, cmd: string, dataDir: string | null, pgDb: string | null): string | null {
  if (cmd.startsWith("postgres:")) {
    if (pgDb && cmd.includes(` ${pgDb} `)) return "pg-backend";
    return /postgres: \d+\/\w+: (walwriter|checkpointer|background writer|autovacuum|wal|logical|stats)/.test(cmd)
      ? "PostgreSQL server processes"
      : null;
  }
  if (cmd.includes("load-runner.ts")) return "load generator";
  if (cmd.includes("baseline-server.ts")) return "reference server";
  if (!dataDir) return null;
  const environ = read(`/proc/${pid}/environ`);
  if (!environ?.includes(`HOOKLINE_DATA_DIR=${dataDir}\0`)) return null;
  // The web server runs in start.mjs's own process (or .next/hookline-server.mjs, started by hand);
  // the children are .next/hookline-roles.mjs. Anything else (the migrations) is not the app's.
  if (!/scripts\/start\.mjs|hookline-server\.mjs|hookline-roles\.mjs/.test(cmd)) return null;
  const role = /(?:^|\0)HOOKLINE_ROLE=(\w+)/.exec(environ)?.[1];
  return role ? `${role} process${role === "steps" ? "es" : ""}` : "web";
}

function sample(dataDir: string | null, pgDb: string | null): Sample {
  const ticks = new Map<string, number>();
  const add = (k: string, t: number) => ticks.set(k, (ticks.get(k) ?? 0) + t);
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const cmd = read(`/proc/${pid}/cmdline`)?.split("\0").join(" ").trim() ?? "";
    const role = roleOf(pid, cmd, dataDir, pgDb);
    if (!role) continue;
    if (role === "web" || role === "reference server") {
      // Threads: the main thread (its id is the pid) and the rest (worker threads, libuv's pool).
      for (const tid of fs.readdirSync(`/proc/${pid}/task`, { withFileTypes: false }) as string[]) {
        const st = read(`/proc/${pid}/task/${tid}/stat`);
        if (st) add(`${role}: ${tid === pid ? "main thread" : "other threads"}`, ticksOf(st));
      }
      continue;
    }
    const st = read(`/proc/${pid}/stat`);
    if (!st) continue;
    add(role === "pg-backend" ? `pg:${pid}` : role, ticksOf(st));
  }
  return { at: Date.now(), ticks };
}

export type CpuShare = { label: string; cores: number };

/**
 * Starts sampling. Calling the returned function ends the window; the function it returns labels
 * it with `appNames` (application_name of each PostgreSQL backend pid of the app's database, read
 * from pg_stat_activity while the app still runs) and gives each role's cores.
 */
export function cpuByRole(dataDir: string | null, pgDb: string | null) {
  const a = sample(dataDir, pgDb);
  return () => {
    const b = sample(dataDir, pgDb);
    return (appNames: Map<number, string>): CpuShare[] => {
      const s = (b.at - a.at) / 1000;
      const total = new Map<string, number>();
      for (const [k, t] of b.ticks) {
        const other = dataDir ? "the app's other connections" : "the reference server's connections";
        const pg = k.startsWith("pg:")
          ? appNames.get(Number(k.slice(3))) === "hookline-ingest"
            ? "ingest writer connections"
            : other
          : null;
        const label = pg ? `PostgreSQL: ${pg}` : k;
        total.set(label, (total.get(label) ?? 0) + t - (a.ticks.get(k) ?? 0));
      }
      return [...total]
        .map(([label, t]) => ({ label, cores: t / TICKS_PER_S / s }))
        .filter((x) => x.cores >= 0.005)
        .sort((x, y) => y.cores - x.cores);
    };
  };
}

/** "role N µs, ..." per request at `reqPerSec`, and the cores they used in all. */
export const formatShares = (shares: CpuShare[], reqPerSec: number) =>
  `${shares.map((x) => `${x.label} ${Math.round((x.cores / reqPerSec) * 1e6)} µs`).join(", ")} (${shares.reduce((n, x) => n + x.cores, 0).toFixed(2)} cores in all)`;
