import "server-only";
// A header of `key=value` pairs holding a timestamp and one or more signatures over
// `${timestamp}${joiner}${rawBody}`, keyed by the secret as UTF-8 text (not decoded). Stripe
// (`t=…,v1=…`, "."), Calendly (the same format) and Paddle Billing (`ts=…;h1=…`, ":") sign this
// way. Several signatures appear while a sender rotates the secret, and any may match; other
// schemes (Stripe's v0) are ignored, as Stripe's own library does.
import { anyHmacMatches, checkFreshness, decodeSignature, parseTimestamp } from "../crypto";
import { fail, missing, OK, quote, secretCount, type Clock, type VerifyInput, type VerifyResult } from "../result";

export type PairsSpec = {
  header: string;
  separator: "," | ";";
  timestampKey: string;
  signatureKey: string;
  joiner: string;
  toleranceSeconds: number;
};

export const STRIPE = {
  header: "Stripe-Signature",
  separator: ",",
  timestampKey: "t",
  signatureKey: "v1",
  joiner: ".",
} as const;

export function verifyTimestampPairs(
  input: VerifyInput,
  spec: PairsSpec,
  secrets: readonly string[],
  now: Clock,
): VerifyResult {
  const name = spec.header;
  const header = input.headers[name.toLowerCase()];
  if (!header) return missing(name);

  let t: string | undefined;
  let count = 0;
  const signatures: Buffer[] = [];
  for (const item of header.split(spec.separator)) {
    const eq = item.indexOf("=");
    if (eq < 0) continue;
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key === spec.timestampKey) {
      if (t !== undefined) return fail("malformed", `${name} header has more than one ${spec.timestampKey}= timestamp`);
      t = value;
    } else if (key === spec.signatureKey) {
      count++;
      const digest = decodeSignature(value, "hex", "sha256");
      if (digest) signatures.push(digest);
    }
  }
  if (t === undefined) return fail("malformed", `${name} header has no ${spec.timestampKey}= timestamp`);
  const timestamp = parseTimestamp(t);
  if (timestamp === null) return fail("malformed", `${name} timestamp ${quote(t)} is not Unix seconds`);
  if (count === 0) return fail("malformed", `${name} header has no ${spec.signatureKey}= signature`);

  if (!anyHmacMatches("sha256", secrets, [`${t}${spec.joiner}`, input.rawBody], signatures)) {
    return fail(
      "bad_signature",
      `No ${spec.signatureKey} signature in the ${name} header matches the body (checked ${secretCount(secrets)})`,
    );
  }
  return checkFreshness(timestamp, spec.toleranceSeconds, now) ?? OK;
}
