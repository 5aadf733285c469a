// Stripe-Signature as Stripe computes it: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`,
// keyed by the whsec_… secret as UTF-8 text. The load generator signs every request with it and
// the baseline server verifies it the way Hookline does (lib/webhooks/verify/schemes/stripe.ts).
import { createHmac, timingSafeEqual } from "node:crypto";

export function stripeSignature(secret: string, body: string | Buffer, t = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex");
  return `t=${t},v1=${mac}`;
}

/** true when one v1 signature matches and the timestamp is within `toleranceS` of now. */
export function verifyStripeSignature(
  secret: string,
  header: string | undefined,
  rawBody: Buffer,
  toleranceS = 300,
  nowS = Date.now() / 1000,
): boolean {
  if (!header) return false;
  let t: string | undefined;
  const signatures: Buffer[] = [];
  for (const item of header.split(",")) {
    const eq = item.indexOf("=");
    if (eq < 0) continue;
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key === "t") {
      if (t !== undefined) return false;
      t = value;
    } else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) {
      signatures.push(Buffer.from(value, "hex"));
    }
  }
  if (t === undefined || !/^\d{1,12}$/.test(t) || signatures.length === 0) return false;
  const expected = createHmac("sha256", secret).update(`${t}.`).update(rawBody).digest();
  if (!signatures.some((s) => timingSafeEqual(s, expected))) return false;
  return Math.abs(nowS - Number(t)) <= toleranceS;
}
