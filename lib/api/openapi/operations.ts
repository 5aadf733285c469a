// What the OpenAPI document (document.ts) says about each API route: a summary and the zod schemas
// of its body and query string, the SAME schemas the route validates with. One entry per route of
// lib/auth/route-rules.ts, keyed the same way (the route file's path under app/, then the method);
// who may call it comes from route-rules itself. test/unit/openapi.test.ts fails, naming the route,
// when a rule has no entry here or an entry has no rule. A new route: one line below.
import type { z } from "zod";
import { createFlowBody, deliveriesQuery, pauseBody, regenerateBody, saveDraftBody } from "@/lib/api/schemas";
import { flowListQuery } from "@/lib/api/flow-list-dto";
import { bulkReplayBody, replayBody, retentionBody, runListQuery } from "@/lib/api/run-filter";
import { auditQuery } from "@/lib/audit/list-audit";
import {
  acceptInviteBody,
  changePasswordBody,
  createApiKeyBody,
  createInviteBody,
  registrationBody,
  signInBody,
  signUpBody,
  switchWorkspaceBody,
  updateMemberBody,
} from "@/lib/auth/schemas";
import { createCredentialBody, updateCredentialBody } from "@/lib/credentials/types";
import { archiveBody } from "@/lib/flows/archive-flow";
import { deleteFlowQuery } from "@/lib/flows/delete-flow";
import { manualRunBody } from "@/lib/flows/manual-run";
import { testStepBody } from "@/lib/flows/test-step-body";
import {
  adjustRowBody,
  createTableBody,
  deleteRowQuery,
  rowsQuery,
  updateTableBody,
  upsertRowBody,
} from "@/lib/tables/types";
import { webhookSettingsBody } from "@/lib/webhooks/redact";
import { runDetailResponse, runPageResponse } from "./responses";

export type ApiMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type ApiOperation = {
  summary: string;
  /** The JSON body's schema, as the route's readJson() validates it. */
  body?: z.ZodType;
  /** The query string's schema (an object of strings the schema may coerce). */
  query?: z.ZodType;
  /** What a success answers, where described (responses.ts). */
  response?: z.ZodType;
};
export type ApiOperations = Record<string, Partial<Record<ApiMethod, ApiOperation>>>;

const any = (summary: string) => ({
  GET: { summary },
  POST: { summary },
  PUT: { summary },
  PATCH: { summary },
  DELETE: { summary },
});

export const apiOperations: ApiOperations = {
  "/api/[...path]": any("Any other /api path: a JSON 404"),
  "/api/hooks/[...path]": any("Inbound webhook: /api/hooks/<token> (live URL) or /api/hooks/test/<token> (test URL)"),
  "/api/inngest": {
    GET: { summary: "Inngest SDK endpoint (signed by Inngest)" },
    POST: { summary: "Inngest SDK endpoint (signed by Inngest)" },
    PUT: { summary: "Inngest SDK endpoint (signed by Inngest)" },
  },
  "/api/health": { GET: { summary: "Database reachability, executor mode and leadership" } },
  "/api/metrics": { GET: { summary: "Prometheus metrics (its own token, or loopback only)" } },

  // accounts
  "/api/auth/sign-in": { POST: { summary: "Sign in: sets the session cookie", body: signInBody } },
  "/api/auth/sign-up": {
    GET: { summary: "Whether sign-up is open (or an invite is valid)" },
    POST: { summary: "Create an account (the first one becomes the owner)", body: signUpBody },
  },
  "/api/auth/invite": { POST: { summary: "Accept an invite link", body: acceptInviteBody } },
  "/api/auth/sign-out": { POST: { summary: "End this session" } },
  "/api/auth/session": { GET: { summary: "The signed-in user, their workspaces and role" } },
  "/api/auth/password": { POST: { summary: "Change the password (other sessions end)", body: changePasswordBody } },
  "/api/auth/workspace": { POST: { summary: "Switch this session's workspace", body: switchWorkspaceBody } },
  "/api/members": { GET: { summary: "The workspace's members and their roles" } },
  "/api/members/[id]": {
    PUT: { summary: "Change a member's role", body: updateMemberBody },
    DELETE: { summary: "Remove a member (their API keys are revoked)" },
  },
  "/api/invites": {
    GET: { summary: "Invite links (no tokens)" },
    POST: { summary: "Create an invite link", body: createInviteBody },
  },
  "/api/invites/[id]": { DELETE: { summary: "Revoke an invite link" } },
  "/api/api-keys": {
    GET: { summary: "The workspace's API keys (never the secret)" },
    POST: {
      summary: "Create an API key (read, write or owner scope); the secret is in this answer only",
      body: createApiKeyBody,
    },
  },
  "/api/api-keys/[id]": { DELETE: { summary: "Revoke an API key" } },
  "/api/audit": { GET: { summary: "The audit log, newest first", query: auditQuery } },
  "/api/settings/registration": {
    GET: { summary: "Whether anyone may sign up" },
    PUT: { summary: "Open or close sign-up (the install's owner)", body: registrationBody },
  },
  "/api/settings/webhooks": {
    GET: { summary: "Headers never stored from requests" },
    PUT: { summary: "Set the headers never stored", body: webhookSettingsBody },
  },

  // credentials
  "/api/credentials": {
    GET: { summary: "Credentials (values masked)" },
    POST: { summary: "Store a credential (encrypted at rest)", body: createCredentialBody },
  },
  "/api/credentials/[id]": {
    GET: { summary: "One credential (value masked)" },
    PUT: { summary: "Rename a credential or rotate its value", body: updateCredentialBody },
    DELETE: { summary: "Delete a credential (refused while a flow uses it)" },
  },

  // flows
  "/api/flows": {
    GET: { summary: "Flows, with search and status", query: flowListQuery },
    POST: { summary: "Create a flow", body: createFlowBody },
  },
  "/api/flows/[id]": {
    GET: { summary: "One flow with its draft and webhook URLs" },
    PUT: { summary: "Save the draft", body: saveDraftBody },
    DELETE: { summary: "Delete a flow with its versions, URLs and history", query: deleteFlowQuery },
  },
  "/api/flows/[id]/publish": { POST: { summary: "Check the graph and publish the draft" } },
  "/api/flows/[id]/pause": { POST: { summary: "Pause or resume a flow", body: pauseBody } },
  "/api/flows/[id]/webhook/regenerate": { POST: { summary: "Replace the live or test URL", body: regenerateBody } },
  "/api/flows/[id]/deliveries": { GET: { summary: "The flow's request log, newest first", query: deliveriesQuery } },
  "/api/flows/[id]/sample": { GET: { summary: "The latest request to the test URL, parsed" } },
  "/api/flows/[id]/runs": {
    GET: { summary: "The flow's runs, newest first", query: runListQuery, response: runPageResponse },
  },
  "/api/flows/[id]/test-step": { POST: { summary: "Run one node of the draft", body: testStepBody } },
  "/api/flows/[id]/versions/[number]": { GET: { summary: "A published version's definition" } },
  "/api/flows/[id]/deletion": { GET: { summary: "What deleting the flow takes with it" } },
  "/api/flows/[id]/archive": { POST: { summary: "Archive or unarchive a flow", body: archiveBody } },
  "/api/flows/[id]/duplicate": { POST: { summary: "Copy a flow as a new draft with new URLs" } },
  "/api/flows/[id]/manual-runs": {
    POST: { summary: "Run now, with a payload or a past delivery", body: manualRunBody },
  },
  "/api/flows/[id]/runs/overview": { GET: { summary: "Runs per day, success rate, p50/p95, sender health" } },

  // runs and deliveries
  "/api/runs": { GET: { summary: "Runs of every flow, newest first", query: runListQuery, response: runPageResponse } },
  "/api/runs/[id]": {
    GET: { summary: "One run with its steps, definition and delivery", response: runDetailResponse },
  },
  "/api/runs/[id]/replay": { POST: { summary: "A new run with the same delivery", body: replayBody } },
  "/api/runs/[id]/retry": { POST: { summary: "Retry a failed run from its failed step" } },
  "/api/runs/[id]/dry-run": { POST: { summary: "The same delivery through the draft, side effects previewed" } },
  "/api/runs/[id]/cancel": { POST: { summary: "Cancel a run" } },
  "/api/runs/[id]/delivery-body": { GET: { summary: "The run's raw delivery body, as a download" } },
  "/api/runs/bulk-replay": { POST: { summary: "Replay every run matching a filter", body: bulkReplayBody } },
  "/api/runs/bulk-replay/[batchId]": { GET: { summary: "Progress of a bulk replay" } },
  "/api/runs/retention": {
    GET: { summary: "The run history retention" },
    PUT: { summary: "Set the run history retention", body: retentionBody },
  },
  "/api/deliveries/[id]": { GET: { summary: "One stored delivery with its raw request and history" } },
  "/api/deliveries/[id]/reverify": { POST: { summary: "Judge a rejected or filtered delivery again and run it" } },

  // data tables
  "/api/tables": { GET: { summary: "Data tables" }, POST: { summary: "Create a data table", body: createTableBody } },
  "/api/tables/[id]": {
    GET: { summary: "One data table" },
    PUT: { summary: "Rename a table or its value field", body: updateTableBody },
    DELETE: { summary: "Delete a data table" },
  },
  "/api/tables/[id]/rows": {
    GET: { summary: "A page of rows by key", query: rowsQuery },
    PUT: { summary: "Create or change a row", body: upsertRowBody },
    POST: { summary: "Increment or decrement a row atomically", body: adjustRowBody },
    DELETE: { summary: "Remove a row", query: deleteRowQuery },
  },

  // apps (their body and query schemas live in the route files: summaries only until they move to lib)
  "/api/apps": { GET: { summary: "The app catalog: names, auth kinds, operations, OAuth2 client set up or not" } },
  "/api/apps/client": {
    GET: { summary: "An OAuth2 app's client (?app=): id, whether a secret is set, the redirect URL" },
    PUT: { summary: "Set an OAuth2 app's client {app, clientId, clientSecret} (the installation's owner)" },
    DELETE: { summary: "Remove an OAuth2 app's client (?app=)" },
  },
  "/api/apps/connect": {
    POST: { summary: 'Start "Connect account" {app, name, credentialId?} (a person, not a key)' },
  },
  "/api/apps/options": { GET: { summary: "The choices for an app field (?app=&field=&credentialId=&...)" } },
  "/api/apps/accounts/[id]": { DELETE: { summary: "Disconnect an app account (its grant revoked at the vendor)" } },
  "/api/oauth/callback": {
    GET: { summary: "Where the vendor sends the browser back after Connect account (redirect)" },
  },

  // the API's own description
  "/api/openapi.json": { GET: { summary: "This OpenAPI 3.1 document" } },
};
