// The flows list's shapes (GET /api/flows) and what a delete takes with it, shared by the API and
// the pages. Browser-safe.
import { z } from "zod";
import type { FlowSummary } from "./dto";

export const FLOW_STATUSES = ["draft", "published", "paused", "archived"] as const;
export type FlowStatus = (typeof FLOW_STATUSES)[number];

/** GET /api/flows?q=&status= : by default every flow but the archived ones; status=all shows them too. */
export const flowListQuery = z.object({
  q: z.string().trim().max(120, "Search at most 120 characters").optional(),
  status: z.enum([...FLOW_STATUSES, "all"]).optional(),
});
export type FlowListQuery = z.output<typeof flowListQuery>;

export type FlowListItem = FlowSummary & {
  status: FlowStatus;
  archivedAt: string | null;
  /** When the last live delivery arrived (any verdict). */
  lastDeliveryAt: string | null;
  /** Succeeded / finished among the runs created in the last 24 h; null without any. */
  successRate24h: number | null;
  runs24h: number;
};

/** GET /api/flows/:id/deletion, and the answer of DELETE /api/flows/:id (with `cancelledRuns`). */
export type DeletionSummary = {
  id: string;
  name: string;
  versions: number;
  urls: number;
  deliveries: number;
  runs: number;
  unfinishedRuns: number;
};
