// Shared plumbing for the bench: the repo root, free ports, child processes that are always
// stopped (each in its own process group, so nothing outlives the bench), bounded waits.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export { freePort } from "../../lib/net/free-port";

const children = new Set<ChildProcess>();

/** Spawns a child in its own process group (so a stop reaches its children too) and tracks it. */
export function spawnTracked(command: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, ...opts, detached: true });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;

/** SIGTERM to the child's process group, SIGKILL after `graceMs`; resolves when it has exited. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (!child.pid || exited(child)) return;
  const done = new Promise<void>((r) => child.once("exit", () => r()));
  signalGroup(child, "SIGTERM");
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
  await done;
  clearTimeout(timer);
  // Anything the child left behind in its group (e.g. next-server under start.mjs).
  signalGroup(child, "SIGKILL");
}

function signalGroup(child: ChildProcess, sig: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, sig);
  } catch {
    // already gone
  }
}

/** Last resort on exit or Ctrl-C: kill every child group the bench started. */
export function killAllChildren() {
  for (const c of children) signalGroup(c, "SIGKILL");
}

/** Polls `check` every `everyMs` until it returns a value, the deadline passes or `failFast` throws. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  failFast?: () => void,
  everyMs = 200,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    failFast?.();
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Reads a child's stdout fully; rejects on a non-zero exit or after `timeoutMs` (then kills it). */
export function collectOutput(child: ChildProcess, timeoutMs: number, label: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (err = (err + d).slice(-4000)));
    const timer = setTimeout(() => {
      void stopChild(child, 2000);
      reject(new Error(`${label} did not finish within ${timeoutMs} ms\n${err}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${label} exited with ${code}\n${err}`));
    });
  });
}

export const tmpDir = (prefix: string) => fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), prefix));

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
export const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–");

// ---- How busy the machine is with work that is not the bench's (Linux /proc; null elsewhere).

type CpuSample = { at: number; busy: number; ours: number };
export const TICKS_PER_S = 100; // USER_HZ; 100 on every mainstream Linux build

function procTimes(stat: string): { pgrp: number; ticks: number } | null {
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
  const n = (i: number) => Number(rest[i]);
  return rest.length > 14 ? { pgrp: n(2), ticks: n(11) + n(12) + n(13) + n(14) } : null;
}

/** The machine's CPU ticks so far (/proc/stat, first line): user nice system idle iowait irq softirq steal … */
const cpuTicks = () => fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);

function cpuSample(): CpuSample | null {
  try {
    const f = cpuTicks();
    // steal is reported on its own (stolenCpu)
    const busy = f[0]! + f[1]! + f[2]! + f[5]! + f[6]!;
    const groups = new Set([...children].map((c) => c.pid).filter((p): p is number => p !== undefined));
    // Our own times include every child we reaped (cutime/cstime); live children's groups are read directly.
    let ours = procTimes(fs.readFileSync("/proc/self/stat", "utf8"))?.ticks ?? 0;
    if (groups.size > 0) {
      for (const d of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(d)) continue;
        try {
          const t = procTimes(fs.readFileSync(`/proc/${d}/stat`, "utf8"));
          if (t && groups.has(t.pgrp)) ours += t.ticks;
        } catch {
          // exited meanwhile
        }
      }
    }
    return { at: Date.now(), busy, ours };
  } catch {
    return null;
  }
}

/** The hypervisor's steal ticks so far (/proc/stat), or null. */
function stealTicks(): { at: number; steal: number } | null {
  try {
    return { at: Date.now(), steal: cpuTicks()[7]! };
  } catch {
    return null;
  }
}

/**
 * Measures CPU time the hypervisor took from this machine (steal), in cores, between start() and
 * stop(): on a shared virtual machine the figures fall with it, whatever the processes do.
 */
export function stolenCpu() {
  const a = stealTicks();
  return () => {
    const b = stealTicks();
    if (!a || !b || b.at <= a.at) return null;
    return Math.max(0, (b.steal - a.steal) / TICKS_PER_S / ((b.at - a.at) / 1000));
  };
}

/** The note under a table with a "steal" column. */
export function stealNote(steals: (number | null)[]): string {
  const worst = Math.max(0, ...steals.map((x) => x ?? 0));
  return `"steal" = cores the hypervisor took from this virtual machine during the scenario (/proc/stat): ${worst > 0.1 ? `WARNING: up to ${worst.toFixed(2)} of ${os.availableParallelism()} cores were stolen, so every figure is depressed and noisy (compare ratios measured in the same run, not absolute rates)` : "none to speak of"}.`;
}

/** Measures CPU used by processes that are not the bench's, in cores, between start() and stop(). */
export function foreignCpu() {
  const a = cpuSample();
  return () => {
    const b = cpuSample();
    if (!a || !b || b.at <= a.at) return null;
    return Math.max(0, (b.busy - a.busy - (b.ours - a.ours)) / TICKS_PER_S / ((b.at - a.at) / 1000));
  };
}

/**
 * Waits (at most `maxMs`) for a second in which other processes use less than `threshold` cores.
 * Returns the last second's figure (null when it cannot be measured).
 */
export async function waitForQuiet(maxMs: number, threshold = 0.25): Promise<number | null> {
  const until = Date.now() + maxMs;
  for (;;) {
    const stop = foreignCpu();
    await sleep(1000);
    const load = stop();
    if (load === null || load < threshold || Date.now() >= until) return load;
  }
}
