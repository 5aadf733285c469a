// Roles of a workspace member, lowest first (browser-safe). Viewers read; editors change flows and
// runs; owners also manage members, invites, API keys, credentials and settings.
export const roles = ["viewer", "editor", "owner"] as const;
export type Role = (typeof roles)[number];

export const roleRank = (r: Role) => roles.indexOf(r);
/** Whether `have` is at least `need`. */
export const atLeast = (have: Role, need: Role) => roleRank(have) >= roleRank(need);

export const apiKeyScopes = ["read", "write"] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];
/** What an API key may do: read = viewer, write = editor. Owner-only routes need an owner's session. */
export const scopeRole = (s: ApiKeyScope): Role => (s === "write" ? "editor" : "viewer");
