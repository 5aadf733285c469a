// What `{{ }}` references can read during a run: the trigger's parsed request and the outputs of
// the nodes that run before this one (its ancestors in the graph), by node id. Inside a loop's
// body also `loop.item` / `loop.index` (the innermost loop) and `loops.<loop id>.item`. A failure
// alert also reads `run` and `flow`.
import type { TriggerOutput } from "@/lib/deliveries/parse-request";
import type { ScheduledTrigger } from "@/lib/nodes/kinds/schedule";

export type { TriggerOutput };

export type LoopScope = { item: unknown; index: number };

export type Scope = {
  /** A delivery's parsed request, or a scheduled run's tick. */
  trigger: TriggerOutput | ScheduledTrigger;
  nodes: Record<string, unknown>;
  loop?: LoopScope;
  loops?: Record<string, LoopScope>;
  run?: { id: string; status: string; error: string | null; failedNode: string | null };
  flow?: { id: string; name: string };
};
