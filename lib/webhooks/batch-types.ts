// What the group commit (group-commit.ts) hands its batch writers (sqlite-batch.ts, pg-batch.ts)
// and what they answer for each delivery: in a file of their own, so the writers need not import
// the group commit that imports them.
import type { Verdict } from "./inspect";
import type { RejectBudget } from "./reject-budget";

export type DeliveryRow = {
  id: string;
  workspaceId: string;
  flowId: string;
  endpointId: string;
  kind: string;
  method: string;
  query: string;
  headers: string;
  body: Uint8Array;
  contentType: string | null;
  sourceIp: string | null;
  receivedAt: Date;
  verdict: Verdict;
  reason: string | null;
  size: number;
  identity: string | null;
  eventType: string | null;
};

export type Pending = {
  row: DeliveryRow;
  /** Only for deliveries that would start a run. */
  dedupe?: { key: string; windowMs: number };
  rate?: { perSecond: number; burst: number };
  /** Only for rejections an outsider can cause: counted, and past the budget not stored (reject-budget.ts). */
  budget?: RejectBudget;
  /**
   * Set on a delivery that would start a run and whose body is over `bytes`: if the writer makes
   * it a duplicate (its original is stored whole) or rate_limited (its sender retries), only the
   * first `bytes` are stored and `note` is added to its reason, as for a rejection. An accepted
   * delivery is stored whole; nothing is copied for it.
   */
  cut?: { bytes: number; note: string };
  /**
   * The stale-event guard (stale-guard.ts): if the writer accepts the delivery, it records
   * `version` as the newest for `key` unless a newer one is held, which makes this one stale_event
   * (and, unless `flag`, it does not run).
   */
  stale?: { key: string; version: number; flag: boolean };
  /**
   * The run to queue if the delivery is accepted (or is a test sample that runs the draft).
   * `request`: store a RunRequest (a live delivery of an active flow), from which the dispatcher
   * creates the run when the executor has room; otherwise the Run itself (a held run of a paused
   * flow, a draft run whose id the answer carries).
   */
  run?: { versionId: string | null; definition: string | null; held: boolean; request?: boolean };
};

/**
 * `runId`: the Run stored with the delivery; `requested`: a RunRequest was stored instead;
 * `dropped`: a rejection past its budget, not stored (answered 429 after `retryAfterS`).
 */
export type Committed = {
  verdict: Verdict;
  reason: string | null;
  duplicateOf?: string;
  retryAfterS?: number;
  runId?: string;
  requested?: boolean;
  dropped?: boolean;
  /** stale_event under the guard's "flag" setting: stored as stale and run all the same. */
  flagged?: boolean;
};
