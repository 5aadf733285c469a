// Runs the load generator (scripts/bench/load-runner.ts) in its own process and returns its figures.
import { ROOT, collectOutput, spawnTracked } from "./util";

export type LoadConfig = {
  /** Full URL to POST to. */
  url: string;
  connections: number;
  bodyBytes: number;
  warmupS: number;
  durationS: number;
  /** whsec_… secret every request is signed with (Stripe-Signature). */
  secret: string;
  /** Makes the event ids of this run distinct from every other run's. */
  idPrefix: string;
};

export type LoadPhase = {
  /** Requests written to the sockets. */
  sent: number;
  /** Answers received (any status). */
  responses: number;
  ok2xx: number;
  non2xx: number;
  /** Connection errors and timeouts (timeouts are counted in both). */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Seconds from the first request to the deadline. */
  windowS: number;
  /** Wall clock (epoch ms) of the first request and of the deadline. */
  startedAt: number;
  endedAt: number;
  /** Answers received before the deadline, per second. */
  reqPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
};

export type LoadResult = { warmup: LoadPhase | null; measured: LoadPhase; events: number };

export async function runLoad(cfg: LoadConfig): Promise<LoadResult> {
  const child = spawnTracked(
    process.execPath,
    ["--import", "tsx", "scripts/bench/load-runner.ts", JSON.stringify(cfg)],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  const out = await collectOutput(child, (cfg.warmupS + cfg.durationS + 90) * 1000, "load generator");
  const last = out.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as LoadResult;
}

/** 2xx answers over both phases: each one is a delivery the server said it stored. */
export const answered2xx = (r: LoadResult) => r.measured.ok2xx + (r.warmup?.ok2xx ?? 0);
export const allAnswers = (r: LoadResult) => r.measured.responses + (r.warmup?.responses ?? 0);
export const allSent = (r: LoadResult) => r.measured.sent + (r.warmup?.sent ?? 0);
export const allErrors = (r: LoadResult) => r.measured.errors + (r.warmup?.errors ?? 0);
