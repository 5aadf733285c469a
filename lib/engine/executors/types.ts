import type { Scope } from "../scope";

export type ExecContext = { runId: string; nodeId: string; attempt: number; idempotencyKey: string };

/** How one node kind runs: resolve templates into a concrete input, then act on it. */
export type NodeExecutor<Config, Input> = {
  resolve(config: Config, scope: Scope): { input: Input; missing: string[] };
  run(input: Input, ctx: ExecContext): Promise<unknown>;
};
