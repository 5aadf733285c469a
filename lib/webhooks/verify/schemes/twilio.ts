import "server-only";
// X-Twilio-Signature: base64 HMAC-SHA1, keyed by the account's Auth Token, of the URL Twilio
// called followed, for a form body, by every parameter name and value sorted by name (repeated
// names: each distinct value, sorted). For a JSON body Twilio adds `bodySHA256=<hex SHA-256 of
// the body>` to the URL and signs the URL alone. The URL is the one entered at Twilio (a proxy in
// front of Hookline may change the host or scheme Hookline sees) with the query as received.
// Which spellings of that URL are tried is what Twilio's own library (validateRequest) tries, so
// the two agree on every delivery (test/unit/verify-senders.test.ts checks them side by side).
import { createHash, timingSafeEqual } from "node:crypto";
import { parse as parseQuery, stringify as stringifyQuery } from "node:querystring";
import { anyHmacMatches, decodeSignature } from "../crypto";
import { fail, missing, OK, secretCount, type VerifyInput, type VerifyResult } from "../result";

/**
 * The spellings of the called URL Twilio may have signed, as its library tries them: with and
 * without the port (Twilio's signing is inconsistent about a default port), each with its query
 * as is and in Node's legacy querystring encoding.
 *
 * The query is the one received, but parsed it has lost its spelling: `next=https://a/b` arrives
 * as typed and would be serialised back as `next=https%3A%2F%2Fa%2Fb`, another signed text. So when
 * the received parameters are exactly the entered URL's own (plus the bodySHA256 Twilio appends),
 * the entered URL's query text is used as well.
 */
function signedUrls(configured: string, query: URLSearchParams): string[] {
  const url = new URL(configured);
  const searches = new Set<string>();
  const entered = enteredQuery(url, query);
  if (entered !== null) searches.add(entered);
  searches.add(query.toString());
  const urls = new Set<string>();
  for (const search of searches) {
    url.search = search ? `?${search}` : "";
    for (const href of [withoutPort(url), withPort(url)]) urls.add(href).add(legacyQuery(href));
  }
  return [...urls];
}

/** The entered URL's query text, with Twilio's bodySHA256 appended, when the received query is that; else null. */
function enteredQuery(url: URL, query: URLSearchParams): string | null {
  const received = [...query].filter(([name]) => name !== "bodySHA256");
  const own = [...url.searchParams];
  if (received.length !== own.length || received.some(([n, v], i) => own[i]![0] !== n || own[i]![1] !== v)) return null;
  const text = url.search.slice(1);
  const hash = query.get("bodySHA256");
  if (hash === null) return text;
  return `${text}${text ? "&" : ""}bodySHA256=${encodeURIComponent(hash)}`;
}

function withoutPort(url: URL): string {
  const copy = new URL(url);
  copy.port = "";
  return copy.href;
}

/** With the scheme's default port spelled out when none is given (new URL() would drop it again). */
function withPort(url: URL): string {
  if (url.port) return url.href;
  const credentials = url.username || url.password ? `${url.username}${url.password ? `:${url.password}` : ""}@` : "";
  const port = url.protocol === "https:" ? "443" : "80";
  return `${url.protocol}//${credentials}${url.host}:${port}${url.pathname}${url.search}${url.hash}`;
}

/** The query re-encoded by node:querystring, as older Twilio signers did. */
function legacyQuery(href: string): string {
  const q = href.indexOf("?");
  if (q < 0) return href;
  const hash = href.indexOf("#", q);
  const search = href.slice(q + 1, hash < 0 ? undefined : hash);
  return `${href.slice(0, q)}?${stringifyQuery(parseQuery(search))}${hash < 0 ? "" : href.slice(hash)}`;
}

function formParameters(body: Uint8Array): string {
  const params = new URLSearchParams(Buffer.from(body).toString("utf8"));
  const byName = new Map<string, Set<string>>();
  for (const [name, value] of params) (byName.get(name) ?? byName.set(name, new Set()).get(name)!).add(value);
  let out = "";
  for (const name of [...byName.keys()].sort()) for (const value of [...byName.get(name)!].sort()) out += name + value;
  return out;
}

export function verifyTwilio(input: VerifyInput, config: { url: string }, secrets: readonly string[]): VerifyResult {
  const header = input.headers["x-twilio-signature"];
  if (!header) return missing("X-Twilio-Signature");
  const digest = decodeSignature(header.trim(), "base64", "sha1");
  if (!digest) return fail("malformed", "X-Twilio-Signature is not a base64 HMAC-SHA1");

  const bodyHash = input.query.get("bodySHA256");
  let params = "";
  if (bodyHash !== null) {
    const actual = createHash("sha256").update(input.rawBody).digest();
    const claimed = Buffer.from(bodyHash, "hex");
    if (claimed.length !== actual.length || !timingSafeEqual(claimed, actual))
      return fail("bad_signature", "The body does not match the bodySHA256 in the URL");
  } else params = formParameters(input.rawBody);

  const matched = signedUrls(config.url, input.query).some((url) =>
    anyHmacMatches("sha1", secrets, [url, params], [digest]),
  );
  return matched
    ? OK
    : fail(
        "bad_signature",
        `X-Twilio-Signature does not match the URL and parameters (checked ${secretCount(secrets)}; is the webhook URL exactly the one entered at Twilio?)`,
      );
}
