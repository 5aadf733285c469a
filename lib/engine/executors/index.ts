// Server-only executors by node kind. Every action kind of the catalog has exactly one here
// (test/unit/catalog.test.ts checks it); the trigger is handled by the engine itself.
import "server-only";
import { appExecutors } from "@/lib/apps/server/app-executor";
import type { NodeType } from "@/lib/nodes/catalog";
import { codeExecutor } from "./code";
import { discordExecutor, slackExecutor, teamsExecutor } from "./chat";
import { emailExecutor } from "./email";
import { httpExecutor } from "./http";
import { logExecutor } from "./log";
import { tableExecutor } from "./table";
import { transformExecutor } from "./transform";
import type { NodeExecutor } from "./types";

// App operations (`app:<app>.<operation>`, lib/apps) are generated from the app catalog.
export const executors: Partial<Record<NodeType | `app:${string}`, NodeExecutor<never, unknown>>> = {
  ...appExecutors,
  http: httpExecutor as NodeExecutor<never, unknown>,
  slack: slackExecutor as NodeExecutor<never, unknown>,
  discord: discordExecutor as NodeExecutor<never, unknown>,
  teams: teamsExecutor as NodeExecutor<never, unknown>,
  email: emailExecutor as NodeExecutor<never, unknown>,
  table: tableExecutor as NodeExecutor<never, unknown>,
  transform: transformExecutor as NodeExecutor<never, unknown>,
  code: codeExecutor as NodeExecutor<never, unknown>,
  log: logExecutor as NodeExecutor<never, unknown>,
};
