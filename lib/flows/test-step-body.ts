// The body of POST /api/flows/:id/test-step (browser-safe: the editor builds it).
import { z } from "zod";
import { flowNodeSchema } from "./definition";

export const testStepBody = z.object({
  node: flowNodeSchema,
  confirm: z.boolean().default(false),
  // Outputs of steps tested just before, by node id (data only; read through references).
  outputs: z.record(z.string().max(64), z.unknown()).optional(),
});
