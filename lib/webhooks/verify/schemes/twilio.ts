import "server-only";
// X-Twilio-Signature: base64 HMAC-SHA1, keyed by the account's Auth Token, of the URL Twilio
// called followed, for a form body, by every parameter name and value sorted by name (repeated
// names: each distinct value, sorted). For a JSON body Twilio adds `bodySHA256=<hex SHA-256 of
// the body>` to the URL and signs the URL alone. The URL is the one entered at Twilio (a proxy in
// front of Hookline may change the host or scheme Hookline sees) with the query as received.
// Twilio's own library also tries the URL with and without the default port; so does this.
import { createHash, timingSafeEqual } from "node:crypto";
import { anyHmacMatches, decodeSignature } from "../crypto";
import { fail, missing, OK, secretCount, type VerifyInput, type VerifyResult } from "../result";

function signedUrls(configured: string, query: URLSearchParams): string[] {
  const url = new URL(configured);
  const q = query.toString();
  url.search = q ? `?${q}` : "";
  const withPort = new URL(url);
  if (!withPort.port) withPort.port = url.protocol === "https:" ? "443" : "80";
  // new URL() drops a default port again; splice it in by hand.
  const explicit = `${url.protocol}//${url.hostname}:${withPort.port}${url.pathname}${url.search}`;
  return [...new Set([url.href, explicit])];
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
