// Payload search tokens: the scalar values of a delivery body, normalized (trimmed, lower-case,
// at most 200 characters). A search matches a run when its query, normalized the same way, equals
// one of its delivery's values: `cus_9s6XKzkNRiz8i3`, an order number `1001`, an e-mail address.
// Exact values keep the index small and every lookup an index seek (no LIKE '%...%' scans).

export const MAX_TOKEN = 200;
export const MAX_TOKENS_PER_RUN = 256;

export function normalizeToken(value: string): string | null {
  // NUL out: PostgreSQL's text cannot hold it, and one such value in a payload (a sender may send
  // "\u0000" in any JSON string) would fail every indexing pass that reaches its run.
  const t = value.replaceAll("\0", "").trim().toLowerCase().slice(0, MAX_TOKEN);
  return t.length >= 2 ? t : null;
}

/** The distinct search tokens of a stored body (JSON, form-encoded, else words of the text). */
export function bodyTokens(body: Uint8Array | Buffer | string, contentType: string | null): string[] {
  const text = typeof body === "string" ? body : Buffer.from(body).toString("utf8");
  const out = new Set<string>();
  const add = (v: string) => {
    if (out.size >= MAX_TOKENS_PER_RUN) return;
    const t = normalizeToken(v);
    if (t) out.add(t);
  };
  const ct = (contentType ?? "").toLowerCase();
  const trimmed = text.trimStart();
  if (ct.includes("json") || trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      walk(JSON.parse(text), add, 0);
      return [...out];
    } catch {
      // not JSON after all: fall through to words
    }
  }
  if (ct.includes("x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(text)) {
      add(v);
      if (v.startsWith("{")) {
        try {
          walk(JSON.parse(v), add, 0);
        } catch {
          /* a form value, not JSON */
        }
      }
      void k;
    }
    return [...out];
  }
  // XML or plain text: the words between markup and whitespace.
  for (const w of text.replace(/<[^>]*>/g, " ").split(/[\s"'<>,;()[\]{}]+/)) add(w);
  return [...out];
}

function walk(v: unknown, add: (s: string) => void, depth: number) {
  if (depth > 32) return;
  if (typeof v === "string") add(v);
  else if (typeof v === "number" || typeof v === "bigint") add(String(v));
  else if (Array.isArray(v)) for (const x of v) walk(x, add, depth + 1);
  else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x, add, depth + 1);
}
