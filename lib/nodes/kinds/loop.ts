// Logic: run the nodes on the "each" output once per item of a list, one item after the other
// ({{ loop.item }} and {{ loop.index }} inside), then go on along "done".
import { z } from "zod";
import { defineKind } from "../kind";

export const LOOP_EACH = "each";
export const LOOP_DONE = "done";
// Inngest counts every step of a run against a limit of 1,000; items × body nodes stay below it.
export const MAX_LOOP_ITEMS = 1000;

export const loopNode = defineKind({
  type: "loop",
  label: "Loop",
  group: "Logic",
  icon: "loop",
  description: "Runs the nodes on “each” once per item of a list, then continues on “done”.",
  config: z.object({
    // A reference to a list, e.g. {{ trigger.body.line_items }}.
    items: z.string().trim().min(1, "Give the list to loop over, e.g. {{ trigger.body.items }}").max(2000),
    // More items than this fail the step (a guard against a runaway list).
    maxItems: z.number().int().min(1).max(MAX_LOOP_ITEMS).default(100),
  }),
  defaults: { items: "", maxItems: 100 },
  summary: (c) => (c.items ? `For each of ${c.items.replace(/\{\{\s*|\s*\}\}/g, "")}` : "For each item of …"),
  sideEffect: false,
  outputs: () => [
    { id: LOOP_EACH, label: "Each item" },
    { id: LOOP_DONE, label: "Done" },
  ],
});

export type LoopConfig = z.output<typeof loopNode.config>;
