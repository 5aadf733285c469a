// Foresight as the API returns it (inside the flow overview): browser-safe types.
import type { JsonType } from "@/lib/foresight/shape";

export type DriftWarning = { eventType: string; path: string; change: string; message: string; since: string };

export type HealthForecastDto = {
  sender: string;
  rejected: number;
  since: string;
  reasons: Record<string, number>;
  deadline: string | null;
  endAction: "disables" | "removes" | "stops" | "none" | null;
  message: string;
};

export type FieldPresence = { present: number; of: number; types: Partial<Record<JsonType, number>> };

export type FlowForesight = {
  drift: DriftWarning[];
  health: HealthForecastDto | null;
  /** Per event type ("" when the sender names none): how often each body field was present. */
  presence: { eventType: string; of: number; latestAt: string | null; fields: Record<string, FieldPresence> }[];
  /** The body fields the flow references (shape paths). */
  referenced: string[];
};
