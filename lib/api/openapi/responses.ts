// What the run routes answer, as zod schemas for the OpenAPI document only: the routes build their
// answers from the types in lib/api/dto.ts, and the compile-time checks below fail when a field is
// added to, dropped from or retyped in RunSummary without this schema following.
import { z } from "zod";
import type { RunSummary } from "@/lib/api/dto";
import { runStatuses } from "@/lib/api/run-filter";

const instant = z.string().describe("ISO 8601");
const runId = z.string().nullable();

const runSummary = z.object({
  id: z.string(),
  flowId: z.string(),
  status: z.enum(runStatuses),
  version: z.number().int().nullable().describe("The published version it ran; null for a draft run"),
  eventType: z.string().nullable(),
  deliveryId: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: instant,
  startedAt: instant.nullable(),
  finishedAt: instant.nullable(),
  durationMs: z.number().nullable(),
  flowName: z.string().optional().describe("The flow's name (in the workspace-wide list and on the run page)"),
  replayOfId: runId.optional().describe("The run this one replays"),
  batchId: z.string().nullable().optional().describe("The bulk replay it belongs to"),
  dryRun: z.boolean().optional().describe("Side-effecting steps previewed, nothing sent"),
  retryOfRunId: runId.optional().describe("The failed run this one retries from its failed step"),
  staleEvent: z
    .object({
      objectId: z
        .string()
        .nullable()
        .describe(
          "The object the event is about (the guard's object id path); null when the stored body no longer shows it",
        ),
    })
    .nullable()
    .optional()
    .describe(
      "Set when the run processed a stale event: an event older than one already accepted for the same object, which the flow's stale-event guard flagged and ran anyway; null otherwise",
    ),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Both ways assignable, and the same keys (an optional field missing on one side passes the first).
const _runSummaryIsTheDto: Same<z.output<typeof runSummary>, RunSummary> &
  Same<keyof z.output<typeof runSummary>, keyof RunSummary> = true;

/** GET /api/runs and GET /api/flows/:id/runs. */
export const runPageResponse = z.object({ items: z.array(runSummary), nextCursor: z.string().nullable() });

/** GET /api/runs/:id: the run in full; the definition, steps and delivery as docs/api.md describes them. */
export const runDetailResponse = z.object({
  run: runSummary.extend({ flowName: z.string() }),
  definition: z.record(z.string(), z.unknown()).describe("The flow definition the run ran"),
  steps: z.array(z.record(z.string(), z.unknown())).describe("Every step attempt, the trigger first"),
  delivery: z.record(z.string(), z.unknown()).nullable().describe("The request that started it"),
});
