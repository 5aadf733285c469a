// What `{{ }}` references can read during a run: the trigger's parsed request and the outputs of
// nodes that already ran, by node id.
export type TriggerOutput = {
  method: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  receivedAt: string;
};

export type Scope = { trigger: TriggerOutput; nodes: Record<string, unknown> };
