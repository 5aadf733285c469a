// The SDK's side of the conversation, as zod schemas: what a call answers and the ops it carries
// (see shared docs: inngest-protocol.md). Anything else fails loudly.
import { z } from "zod";

export const opSchema = z.looseObject({
  id: z.string(),
  op: z.string(),
  name: z.string().optional(),
  displayName: z.string().optional(),
  opts: z.record(z.string(), z.unknown()).nullish(),
  data: z.unknown().optional(),
  error: z.unknown().optional(),
});
export type Op = z.infer<typeof opSchema>;

export const opsSchema = z.union([z.array(opSchema), opSchema.transform((o) => [o])]);

export const functionConfigSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  triggers: z.array(
    z.looseObject({ event: z.string().optional(), cron: z.string().optional(), expression: z.string().nullish() }),
  ),
  concurrency: z.unknown().optional(),
  cancel: z
    .array(z.looseObject({ event: z.string(), if: z.string().optional(), timeout: z.string().optional() }))
    .optional(),
  steps: z.record(
    z.string(),
    z.looseObject({
      runtime: z.looseObject({ url: z.string() }),
      retries: z.looseObject({ attempts: z.number().int() }).optional(),
    }),
  ),
});
export type FunctionConfig = z.infer<typeof functionConfigSchema>;

export const syncAnswerSchema = z.looseObject({ functions: z.array(functionConfigSchema) });

/**
 * What the SDK POSTs to /fn/register on an out-of-band sync (a plain `PUT` on its endpoint): its
 * function configs and the URL it believes it is served at, which it takes from the PUT's Host
 * header unless serveOrigin is set. The executor refuses a register whose URL is not its own.
 */
export const registerSchema = syncAnswerSchema.extend({ url: z.string() });

export const eventSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().min(1),
  data: z.record(z.string(), z.unknown()).default({}),
  ts: z.number().optional(),
});
export type InngestEvent = z.infer<typeof eventSchema> & { id: string; ts: number };

/** What the SDK POSTs to /v1/checkpoint/:runId/async in async checkpointing mode. */
export const checkpointSchema = z.looseObject({
  run_id: z.string().optional(),
  fn_id: z.string().optional(),
  qi_id: z.string().optional(),
  steps: z.array(z.looseObject({ id: z.string(), op: z.string(), data: z.unknown().optional() })),
});

/** The event Inngest emits when a run fails for good; the SDK's onFailure functions trigger on it. */
export const FAILED_EVENT = "inngest/function.failed";

/** The step id of a call that discovers (and may immediately run) the next step. */
export const DISCOVERY = "step";
