// Logic: let the run go on only when a condition holds; otherwise the run stops quietly
// (the run succeeds, the filter's step output says `{ passed: false, filtered: true }`).
import { z } from "zod";
import { completeCondition, conditionSummary, emptyConditionGroup } from "../condition";
import { defineKind } from "../kind";

export const filterNode = defineKind({
  type: "filter",
  label: "Filter",
  group: "Logic",
  icon: "filter",
  description: "Goes on only when a condition holds; otherwise the run ends quietly here.",
  config: z.object({ condition: completeCondition }),
  defaults: { condition: emptyConditionGroup() },
  summary: (c) => `Only if ${conditionSummary(c.condition)}`,
  sideEffect: false,
});

export type FilterConfig = z.output<typeof filterNode.config>;
