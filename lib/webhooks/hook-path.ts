// Webhook URL paths: /api/hooks/<token> (live) and /api/hooks/test/<token> (test).
export const HOOKS_PREFIX = "/api/hooks/";
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export function parseHookPath(segments: string[]): { token: string; kind: "live" | "test" } | null {
  if (segments.length === 1 && TOKEN.test(segments[0]!)) return { token: segments[0]!, kind: "live" };
  if (segments.length === 2 && segments[0] === "test" && TOKEN.test(segments[1]!))
    return { token: segments[1]!, kind: "test" };
  return null;
}
