import type { Scope } from "../scope";

/**
 * nodeId is the step id ("<node>#<index>" inside a loop); idempotencyKey is "<run id>:<step id>".
 * signal aborts when the node's timeout (settings.timeoutMs) passes.
 */
export type ExecContext = {
  runId: string;
  nodeId: string;
  attempt: number;
  idempotencyKey: string;
  signal?: AbortSignal;
};

/** How one node kind runs: resolve templates into a concrete input, then act on it. */
export type NodeExecutor<Config, Input> = {
  resolve(config: Config, scope: Scope): { input: Input; missing: string[] };
  run(input: Input, ctx: ExecContext): Promise<unknown>;
};
