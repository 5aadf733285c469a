import "server-only";
// Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…] over `${t}.${rawBody}`, keyed by the whsec_…
// secret as UTF-8 text (not decoded). Several v1 values appear while Stripe rotates the endpoint's
// secret, and any may match; v0 and unknown schemes are ignored, as Stripe's own library does.
import { anyHmacMatches, checkFreshness, decodeSignature, parseTimestamp } from "../crypto";
import type { ConfigOf } from "../presets";
import { fail, missing, OK, quote, secretCount, type Clock, type VerifyInput, type VerifyResult } from "../result";

export function verifyStripe(
  input: VerifyInput,
  config: ConfigOf<"stripe">,
  secrets: readonly string[],
  now: Clock,
): VerifyResult {
  const header = input.headers["stripe-signature"];
  if (!header) return missing("Stripe-Signature");

  let t: string | undefined;
  let v1Count = 0;
  const signatures: Buffer[] = [];
  for (const item of header.split(",")) {
    const eq = item.indexOf("=");
    if (eq < 0) continue;
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key === "t") {
      if (t !== undefined) return fail("malformed", "Stripe-Signature header has more than one t= timestamp");
      t = value;
    } else if (key === "v1") {
      v1Count++;
      const digest = decodeSignature(value, "hex", "sha256");
      if (digest) signatures.push(digest);
    }
  }
  if (t === undefined) return fail("malformed", "Stripe-Signature header has no t= timestamp");
  const timestamp = parseTimestamp(t);
  if (timestamp === null) return fail("malformed", `Stripe-Signature timestamp ${quote(t)} is not Unix seconds`);
  if (v1Count === 0) return fail("malformed", "Stripe-Signature header has no v1= signature");

  if (!anyHmacMatches("sha256", secrets, [`${t}.`, input.rawBody], signatures)) {
    return fail(
      "bad_signature",
      `No v1 signature in the Stripe-Signature header matches the body (checked ${secretCount(secrets)})`,
    );
  }
  return checkFreshness(timestamp, config.toleranceSeconds, now) ?? OK;
}
