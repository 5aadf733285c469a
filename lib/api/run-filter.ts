// The runs list's query string (GET /api/runs, GET /api/flows/:id/runs) and the run action bodies, validated with zod.
// Browser-safe: the runs screens build the same query from their filter controls.
import { z } from "zod";

export const runStatuses = [
  "queued",
  "running",
  "sleeping",
  "retrying",
  "succeeded",
  "failed",
  "cancelled",
  "held",
] as const;
export const activeStatuses = ["queued", "running", "sleeping", "retrying"] as const;
export type RunStatusName = (typeof runStatuses)[number];

/** Time ranges offered by the filter (hours back from now). */
export const runTimeRanges = { "1h": 1, "24h": 24, "7d": 24 * 7, "30d": 24 * 30 } as const;

const statusList = z
  .string()
  .max(200)
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(runStatuses)).max(runStatuses.length));

const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const runFilterSchema = z.object({
  status: statusList.optional(),
  eventType: z.string().trim().min(1).max(200).optional(),
  /** Only runs created at or after / before these instants (ISO 8601). */
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** A value in the delivery body (exact scalar value, case-insensitive) or a delivery id (dlv_...). */
  q: z.string().trim().min(1).max(200).optional(),
  deliveryId: z.string().trim().min(1).max(64).optional(),
});

export const runListQuery = runFilterSchema.extend({
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export type RunFilter = z.output<typeof runFilterSchema>;
export type RunListQuery = z.output<typeof runListQuery>;
/** The filter as the browser holds it (strings, as in the query string). */
export type RunFilterInput = {
  status?: string;
  eventType?: string;
  range?: keyof typeof runTimeRanges | "";
  q?: string;
};

/** Filter controls -> query string parameters. */
export function filterParams(f: RunFilterInput, now = Date.now()): URLSearchParams {
  const p = new URLSearchParams();
  if (f.status) p.set("status", f.status);
  if (f.eventType?.trim()) p.set("eventType", f.eventType.trim());
  if (f.range) p.set("from", new Date(now - runTimeRanges[f.range] * 3_600_000).toISOString());
  if (f.q?.trim()) p.set("q", f.q.trim());
  return p;
}

export const replayBody = z.object({ version: z.enum(["same", "latest"]).default("same") });
export const bulkReplayBody = z.object({
  flowId: z.string().min(1).max(64).optional(),
  filter: runFilterSchema
    .extend({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() })
    .default({}),
  version: z.enum(["same", "latest"]).default("same"),
});
export const retentionBody = z.object({ retentionDays: z.number().int().min(1).max(3_650) });
