// Who may call each API route: ONE LINE PER ROUTE FILE, keyed by its path under app/ (as the
// file system spells it) and then by HTTP method. `apiRoute` (lib/api/handler.ts) looks the rule
// up for every request and refuses a route without one (500); the authorization matrix
// (test/integration/auth-matrix.test.ts) globs app/api/**/route.ts and fails for any exported
// method missing here.
//
//   "public"   no sign-in (webhook URLs, the Inngest endpoint, health, sign-in/sign-up), or a check of
//              the route's own (metrics: its token or loopback)
//   "session"  any signed-in user, cookie only (their own account: sign-out, password)
//   "viewer" | "editor" | "owner"   the caller's role in its workspace must be at least this
//                                   (API keys: read = viewer, write = editor)
//   { role, audit }  also writes an audit event (lib/audit) after a 2xx answer, target = the
//                    route's [id] (or the answer's `id`)
import type { Role } from "./roles";

export type RouteRule = "public" | "session" | Role | { role: Role; audit: string };
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type RouteRules = Record<string, Partial<Record<Method, RouteRule>>>;

const read = { GET: "viewer" } as const;

export const routeRules: RouteRules = {
  // not API routes of the app: a JSON 404, inbound webhooks (the token is the address), Inngest (signed), health
  "/api/[...path]": { GET: "public", POST: "public", PUT: "public", PATCH: "public", DELETE: "public" },
  "/api/hooks/[...path]": { GET: "public", POST: "public", PUT: "public", PATCH: "public", DELETE: "public" },
  "/api/inngest": { GET: "public", POST: "public", PUT: "public" },
  "/api/health": { GET: "public" },
  // the OpenAPI document: describes the API, holds no data (lib/api/openapi)
  "/api/openapi.json": { GET: "public" },
  // Prometheus scrapes: its own check (the metrics token, or loopback only; lib/observability/metrics-access.ts)
  "/api/metrics": { GET: "public" },

  // accounts (lib/auth)
  "/api/auth/sign-in": { POST: "public" },
  "/api/auth/sign-up": { GET: "public", POST: "public" },
  "/api/auth/invite": { POST: "session" },
  "/api/auth/sign-out": { POST: "session" },
  "/api/auth/session": { GET: "session" },
  "/api/auth/password": { POST: "session" },
  "/api/auth/workspace": { POST: "session" },
  "/api/members": { GET: "viewer" },
  "/api/members/[id]": {
    PUT: { role: "owner", audit: "member.role_changed" },
    DELETE: { role: "owner", audit: "member.removed" },
  },
  "/api/invites": { GET: "owner", POST: { role: "owner", audit: "member.invited" } },
  "/api/invites/[id]": { DELETE: { role: "owner", audit: "member.invite_revoked" } },
  "/api/api-keys": { GET: "owner", POST: { role: "owner", audit: "api_key.created" } },
  "/api/api-keys/[id]": { DELETE: { role: "owner", audit: "api_key.revoked" } },
  "/api/audit": { GET: "owner" },
  "/api/settings/registration": { GET: "owner", PUT: { role: "owner", audit: "settings.registration_changed" } },
  "/api/settings/webhooks": { ...read, PUT: { role: "owner", audit: "settings.webhook_headers_changed" } },

  // credentials: owners only (values are secrets)
  "/api/credentials": { GET: "viewer", POST: { role: "owner", audit: "credential.created" } },
  "/api/credentials/[id]": {
    GET: "viewer",
    PUT: { role: "owner", audit: "credential.updated" },
    DELETE: { role: "owner", audit: "credential.deleted" },
  },

  // apps (issue 22): accounts are credentials (owners connect and disconnect them); the OAuth2
  // client is instance-wide (the route also checks the installation's owner); the callback needs
  // the session that started the connect; field choices call the vendor for editors building flows
  "/api/apps": read,
  "/api/apps/client": {
    GET: "owner",
    PUT: { role: "owner", audit: "app.client_changed" },
    DELETE: { role: "owner", audit: "app.client_removed" },
  },
  "/api/apps/connect": { POST: { role: "owner", audit: "app.connect_started" } },
  "/api/apps/options": { GET: "editor" },
  "/api/apps/accounts/[id]": { DELETE: { role: "owner", audit: "app.disconnected" } },
  "/api/oauth/callback": { GET: { role: "owner", audit: "app.connected" } },

  // flows
  "/api/flows": { ...read, POST: { role: "editor", audit: "flow.created" } },
  "/api/flows/[id]": { ...read, PUT: "editor", DELETE: { role: "editor", audit: "flow.deleted" } },
  "/api/flows/[id]/publish": { POST: { role: "editor", audit: "flow.published" } },
  "/api/flows/[id]/pause": { POST: { role: "editor", audit: "flow.paused" } },
  "/api/flows/[id]/webhook/regenerate": { POST: { role: "editor", audit: "flow.webhook_regenerated" } },
  "/api/flows/[id]/deliveries": read,
  "/api/flows/[id]/sample": read,
  "/api/flows/[id]/runs": read,
  "/api/flows/[id]/test-step": { POST: "editor" },
  "/api/flows/[id]/versions/[number]": read,
  // flow lifecycle and manual runs (issue 23)
  "/api/flows/[id]/deletion": read,
  "/api/flows/[id]/archive": { POST: { role: "editor", audit: "flow.archived" } },
  "/api/flows/[id]/duplicate": { POST: { role: "editor", audit: "flow.duplicated" } },
  "/api/flows/[id]/manual-runs": { POST: { role: "editor", audit: "flow.run_manually" } },

  // runs and deliveries
  "/api/runs/[id]": read,
  // run history (issue 7)
  "/api/runs": read,
  "/api/runs/[id]/replay": { POST: { role: "editor", audit: "run.replayed" } },
  "/api/runs/[id]/retry": { POST: { role: "editor", audit: "run.retried" } },
  "/api/runs/[id]/dry-run": { POST: "editor" },
  "/api/runs/[id]/cancel": { POST: { role: "editor", audit: "run.cancelled" } },
  "/api/runs/[id]/delivery-body": read,
  "/api/runs/bulk-replay": { POST: { role: "editor", audit: "run.bulk_replayed" } },
  "/api/runs/bulk-replay/[batchId]": read,
  "/api/runs/retention": { ...read, PUT: { role: "owner", audit: "settings.retention_changed" } },
  "/api/flows/[id]/runs/overview": read,
  "/api/deliveries/[id]": read,
  "/api/deliveries/[id]/reverify": { POST: { role: "editor", audit: "delivery.reverified" } },

  // data tables
  "/api/tables": { ...read, POST: { role: "editor", audit: "table.created" } },
  "/api/tables/[id]": { ...read, PUT: "editor", DELETE: { role: "editor", audit: "table.deleted" } },
  "/api/tables/[id]/rows": { ...read, POST: "editor", PUT: "editor", DELETE: "editor" },
};
