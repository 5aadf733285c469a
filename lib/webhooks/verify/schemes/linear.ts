import "server-only";
// Linear-Signature: hex HMAC-SHA256 of the raw body; the timestamp is inside the body
// (`webhookTimestamp`, Unix milliseconds), so it is covered by the signature and checked for
// freshness after the signature matches.
import { checkFreshness } from "../crypto";
import { readJsonPath } from "../json-path";
import { fail, type Clock, type VerifyInput, type VerifyResult } from "../result";
import { verifyHmacSpec } from "./hmac";

export function verifyLinear(
  input: VerifyInput,
  config: { toleranceSeconds: number },
  secrets: readonly string[],
  now: Clock,
): VerifyResult {
  const signed = verifyHmacSpec(
    input,
    {
      header: "Linear-Signature",
      algorithm: "sha256",
      encoding: "hex",
      prefix: "",
      toleranceSeconds: config.toleranceSeconds,
    },
    secrets,
    now,
  );
  if (!signed.ok) return signed;
  let ms: unknown;
  try {
    ms = readJsonPath(JSON.parse(Buffer.from(input.rawBody).toString("utf8")), "webhookTimestamp");
  } catch {
    ms = undefined;
  }
  if (typeof ms !== "number" || !Number.isSafeInteger(ms))
    return fail("malformed", "The body has no webhookTimestamp (Unix milliseconds)");
  return checkFreshness(Math.floor(ms / 1000), config.toleranceSeconds, now) ?? signed;
}
