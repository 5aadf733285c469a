// Shapes of the REST API's answers (docs/api.md). Types only: shared by the server, which builds
// them, and the browser, which reads them.
import type { FlowDefinition } from "@/lib/flows/definition";

export type FlowSummary = {
  id: string;
  name: string;
  paused: boolean;
  /** Archived: its URLs answer 410 and it is left out of the default flows list. */
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  publishedVersion: number | null;
};

export type FlowDetail = FlowSummary & {
  revision: number;
  definition: FlowDefinition;
  webhookUrl: string;
  /** Stores samples for the editor's mapping picker; never runs the published flow. */
  testWebhookUrl: string;
  /** Whether a request to the test URL also runs the draft. */
  testRunsDraft: boolean;
  versions: { number: number; createdAt: string }[];
};

export type RunStatus = "queued" | "held" | "running" | "sleeping" | "retrying" | "succeeded" | "failed" | "cancelled";

export type RunSummary = {
  id: string;
  flowId: string;
  status: RunStatus;
  /** The published version it ran; null for a draft run (test URL with "run the draft" on). */
  version: number | null;
  eventType: string | null;
  deliveryId: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** The flow's name (cross-flow lists), the run this one replays, the bulk replay it belongs to. */
  flowName?: string;
  replayOfId?: string | null;
  batchId?: string | null;
  /** A dry run (side-effecting steps previewed, nothing sent); a retry of that failed run. */
  dryRun?: boolean;
  retryOfRunId?: string | null;
  /** Set when the run processed a stale event: the stale-event guard flagged it and ran it all the same. */
  staleEvent?: StaleEvent | null;
};

/** An event older than one already accepted for the same object; the object's id when it can be read. */
export type StaleEvent = { objectId: string | null };

export type StepRunView = {
  id: string;
  nodeId: string;
  nodeType: string;
  attempt: number;
  status: "running" | "sleeping" | "succeeded" | "failed" | "cancelled";
  input: unknown;
  output: unknown;
  error: { name?: string; message: string; stack?: string } | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /** Retry from failure: the output was taken from this earlier run's step (nothing was sent again). */
  reusedFromRunId?: string | null;
};

export type DeliveryView = {
  id: string;
  method: string;
  query: string;
  headers: Record<string, string>;
  contentType: string | null;
  sourceIp: string | null;
  receivedAt: string;
  verdict: string;
  reason: string | null;
  size: number;
  /** The body as UTF-8 text, or base64 when it is not valid UTF-8. */
  body: string;
  bodyEncoding: "utf8" | "base64";
  /**
   * Set when `body` is only the beginning: cut for display (run page; download the whole), or a
   * rejected request's body stored cut to its first 4 KB (`size` is what was received).
   */
  truncated?: boolean;
  /** A request made by "Run now" (kind manual): the member or API key that started it. */
  startedBy?: string;
};

/** One line of a flow's request log (no body: open the delivery for that). */
export type DeliverySummary = {
  id: string;
  kind: "live" | "test";
  method: string;
  receivedAt: string;
  sourceIp: string | null;
  size: number;
  verdict: string;
  reason: string | null;
  eventType: string | null;
  identity: string | null;
  runId: string | null;
  runStatus: RunStatus | null;
};

/** The latest delivery to the test URL, parsed as a flow would see it (`trigger.*`). */
export type SampleView = { delivery: DeliveryView; trigger: unknown };

export type RunDetail = {
  run: RunSummary & { flowName: string };
  definition: FlowDefinition;
  steps: StepRunView[];
  delivery: DeliveryView | null;
};

export type Page<T> = { items: T[]; nextCursor: string | null };

/** A page of a flow's request log, with the rejected requests refused past a budget (never stored) in the last 24 h. */
export type DeliveryLog = Page<DeliverySummary> & { rejectedNotStored: { count: number; since: string } };

export type ApiErrorBody = { error: { code: string; message: string; details?: unknown } };
