// Request headers that say how to talk, not who is talking: they never carry a secret. Only these
// follow a redirect to another origin (lib/net/guarded-request.ts), and only their values stay in
// an exported flow (lib/flows/portable.ts). Browser-safe.
export const NON_SECRET_HEADERS: ReadonlySet<string> = new Set([
  "accept",
  "accept-encoding",
  "accept-language",
  "content-language",
  "content-type",
  "idempotency-key",
  "user-agent",
]);
