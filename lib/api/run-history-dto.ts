// Answer shapes of the run history API (docs/api.md, "Run history"): types only, read by the browser.
import type { FlowForesight, HealthForecastDto } from "./foresight-dto";

export type FlowOverview = {
  days: { date: string; succeeded: number; failed: number }[];
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  durationSample: number;
  lastDelivery: { id: string; receivedAt: string; verdict: string } | null;
  senders: SenderHealth[];
  /** Drift of referenced payload fields, the sender-health forecast, field presence (lib/foresight). */
  foresight: FlowForesight;
};

export type SenderHealth = {
  sender: string;
  /** "ok" | "warning" (failures in the last 24 h) | "failing" (the last answer to the sender was an error). */
  state: "ok" | "warning" | "failing";
  line: string;
  lastRejectedAt: string | null;
  rejected24h: number;
  failedRuns24h: number;
  /** The current run of rejections against the sender's delivery policy (lib/foresight/health.ts). */
  forecast: HealthForecastDto | null;
};

export type BatchProgress = {
  batchId: string;
  total: number;
  finished: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  active: number;
  done: boolean;
};
