// The node catalog: the one place the node kinds are listed. Each kind is declared once in
// lib/nodes/kinds/<kind>.ts (label, group, icon, config schema, defaults, one-line summary).
// Safe for the browser: the canvas, the config forms, graph validation and the engine all read
// it. Server-only executors live in lib/engine/executors.
import { appNodeKinds } from "@/lib/apps/node-kinds";
import type { NodeKind } from "./kind";
import { branchNode } from "./kinds/branch";
import { codeNode } from "./kinds/code";
import { delayNode } from "./kinds/delay";
import { filterNode } from "./kinds/filter";
import { discordMessage } from "./kinds/discord";
import { emailMessage } from "./kinds/email";
import { httpRequest } from "./kinds/http";
import { slackMessage } from "./kinds/slack";
import { teamsMessage } from "./kinds/teams";
import { logNode } from "./kinds/log";
import { loopNode } from "./kinds/loop";
import { tableNode } from "./kinds/table";
import { transformNode } from "./kinds/transform";
import { scheduleTrigger } from "./kinds/schedule";
import { webhookTrigger } from "./kinds/webhook";

export type { NodeGroup, NodeIconName, NodeKind } from "./kind";
export { httpMethods, type HttpRequestConfig } from "./kinds/http";
export { webhookTriggerConfig, type WebhookTriggerConfig } from "./kinds/webhook";
export { scheduleTriggerConfig, type ScheduleTriggerConfig } from "./kinds/schedule";

export const nodeCatalog = [
  webhookTrigger,
  scheduleTrigger,
  httpRequest,
  emailMessage,
  slackMessage,
  discordMessage,
  teamsMessage,
  filterNode,
  branchNode,
  delayNode,
  loopNode,
  tableNode,
  transformNode,
  codeNode,
  logNode,
] as const satisfies readonly NodeKind[];

export type NodeType = (typeof nodeCatalog)[number]["type"];

const byType = new Map<string, NodeKind>([
  ...nodeCatalog.map((k) => [k.type, k as unknown as NodeKind] as const),
  // App operations (lib/apps): one generated kind each, `app:<app>.<operation>`.
  ...appNodeKinds.map((k) => [k.type, k] as const),
]);

/** Every kind, the app operations after the built-in ones (the palette lists them). */
export const allNodeKinds: readonly NodeKind[] = [...byType.values()];

export function getNodeKind(type: string): NodeKind | undefined {
  return byType.get(type);
}

export const isTriggerType = (type: string) => getNodeKind(type)?.group === "Trigger";
