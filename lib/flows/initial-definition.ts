// What a new flow starts with: just the webhook trigger.
import type { FlowDefinition } from "./definition";

export function initialDefinition(): FlowDefinition {
  return {
    schemaVersion: 1,
    nodes: [{ id: "trigger", type: "webhook", position: { x: 80, y: 160 }, data: { label: "Webhook", config: {} } }],
    edges: [],
  };
}
