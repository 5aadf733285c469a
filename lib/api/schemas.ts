// Request bodies and query strings of the REST API (docs/api.md), one zod schema each.
import { z } from "zod";
import { flowDefinitionSchema } from "@/lib/flows/definition";

const name = z.string().trim().min(1, "Name is required").max(120);

export const createFlowBody = z.object({ name, definition: flowDefinitionSchema.optional() });
export const saveDraftBody = z
  .object({
    name: name.optional(),
    definition: flowDefinitionSchema.optional(),
    revision: z.number().int().min(0).optional(),
    testRunsDraft: z.boolean().optional(),
  })
  .refine(
    (b) => b.name !== undefined || b.definition !== undefined || b.testRunsDraft !== undefined,
    "Send a name, a definition or a setting",
  );
export const pageQuery = z.object({
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const deliveriesQuery = pageQuery.extend({
  kind: z.enum(["live", "test"]).optional(),
  verdict: z.string().max(40).optional(),
});
export const regenerateBody = z.object({ kind: z.enum(["live", "test"]).default("live") });
export const pauseBody = z.object({ paused: z.boolean(), held: z.enum(["run", "discard"]).default("run") });
