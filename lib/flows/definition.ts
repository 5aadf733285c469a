// The flow definition: React Flow compatible `{ nodes, edges }`, stored as JSON on drafts and
// versions. One zod schema validates it in the browser, in the API and when a version is loaded.
// Documented with an example in docs/flow-definition.md.
import { z } from "zod";
import { nodeSettingsSchema } from "@/lib/nodes/settings";
import { isSafeAnswerType, UNSAFE_ANSWER_TYPE_MESSAGE } from "@/lib/webhooks/answer-types";

export const DEFINITION_SCHEMA_VERSION = 1;

const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "may contain only letters, digits, '_' and '-'");

export const flowNodeSchema = z.object({
  id: idSchema,
  type: z.string().min(1).max(64),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }),
  data: z
    .object({
      label: z.string().max(120).optional(),
      config: z.record(z.string(), z.unknown()).default({}),
      // Run settings of the node (retries, timeout, on error): lib/nodes/settings.ts.
      settings: nodeSettingsSchema.optional(),
    })
    .default({ config: {} }),
});

export const flowEdgeSchema = z.object({
  id: idSchema,
  source: z.string().min(1),
  target: z.string().min(1),
  sourceHandle: z.string().nullish(),
  targetHandle: z.string().nullish(),
});

// Flow-level run settings (all optional; docs/engine.md):
//   orderingKey   a path into the request body (e.g. "data.object.id"): runs with the same value
//                 run one at a time, in arrival order
//   concurrency   at most this many runs of the flow at once
//   failureAlert  an action node config (type + config, e.g. an HTTP request) run when a run fails
//   alertDigest   foresight alerts as one daily digest instead of hourly-throttled messages
export const flowSettingsSchema = z.object({
  orderingKey: z
    .string()
    .trim()
    .max(200)
    // "" (as a cleared form field sends it) means no ordering key.
    .regex(/^([A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*)?$/, "must be a dotted path such as data.object.id")
    .optional(),
  concurrency: z.number().int().min(1).max(1000).optional(),
  // Foresight alerts (drift, sender health; docs/foresight.md) go to failureAlert once per condition
  // per hour; with alertDigest, in one message a day instead.
  alertDigest: z.boolean().optional(),
  failureAlert: z
    .object({
      type: z.string().min(1).max(64),
      label: z.string().max(120).optional(),
      config: z.record(z.string(), z.unknown()).default({}),
    })
    .optional(),
});

export type FlowSettings = z.infer<typeof flowSettingsSchema>;

// What is stored: a definition saved before a rule below was added still loads.
const storedDefinitionSchema = z.object({
  schemaVersion: z.literal(DEFINITION_SCHEMA_VERSION).default(DEFINITION_SCHEMA_VERSION),
  nodes: z.array(flowNodeSchema).max(2000),
  edges: z.array(flowEdgeSchema).max(5000),
  settings: flowSettingsSchema.optional(),
});

/**
 * A definition as the API and imports accept it. A webhook trigger's custom answer is served on a
 * public URL with payload values in it, so an unsafe content type (text/html...) is refused on
 * every save, not only at publish: no draft can hold one (lib/webhooks/answer-types.ts).
 */
export const flowDefinitionSchema = storedDefinitionSchema.superRefine((def, ctx) => {
  def.nodes.forEach((node, i) => {
    const response = node.type === "webhook" ? node.data.config.response : undefined;
    const contentType =
      response && typeof response === "object" ? (response as { contentType?: unknown }).contentType : undefined;
    if (typeof contentType === "string" && !isSafeAnswerType(contentType)) {
      ctx.addIssue({
        code: "custom",
        path: ["nodes", i, "data", "config", "response", "contentType"],
        message: UNSAFE_ANSWER_TYPE_MESSAGE,
      });
    }
  });
});

export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type FlowDefinition = z.infer<typeof flowDefinitionSchema>;

/** Parse a stored definition (a JSON string from the database). Throws on a corrupt document. */
export function parseStoredDefinition(json: string): FlowDefinition {
  return storedDefinitionSchema.parse(JSON.parse(json));
}
