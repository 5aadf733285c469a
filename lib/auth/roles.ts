// Roles of a workspace member, lowest first (browser-safe). Viewers read; editors change flows and
// runs; owners also manage members, invites, API keys, credentials and settings.
export const roles = ["viewer", "editor", "owner"] as const;
export type Role = (typeof roles)[number];

export const roleRank = (r: Role) => roles.indexOf(r);
/** Whether `have` is at least `need`. */
export const atLeast = (have: Role, need: Role) => roleRank(have) >= roleRank(need);

export const apiKeyScopes = ["read", "write", "owner"] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];
/** What an API key may do: read = viewer, write = editor, owner = owner (credentials, members, settings;
 * only an owner creates one). Routes that need a person (creating API keys, password...) refuse every key. */
export const scopeRole = (s: ApiKeyScope): Role => (s === "owner" ? "owner" : s === "write" ? "editor" : "viewer");
