// What re-verification (lib/deliveries/reverify.ts) needs of a rejected delivery that the request
// log does not keep: the raw values of the headers (and the query) the header policy stored as
// "[redacted]" - a Stripe-Signature, an X-Hub-Signature-256, a token header. They are sealed with
// the instance's secret key (AES-256-GCM, bound to the delivery's id) into a column that no API
// answer, export or run record reads. Only for the rejections a fixed setting can turn around
// (a rotated secret, a flow published or repaired since): those are few, bounded by the rejection
// budgets, so the extra write never touches the accepted path. A browser's cookie is never kept.
import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { open, seal } from "@/lib/crypto/secret-box";
import { errField, log } from "@/lib/observability/log";
import type { Inbound } from "./inspect";
import type { EndpointInfo } from "./load-endpoint";
import { REDACTED, storedHeaders } from "./redact";

/** Verdicts worth keeping the raw verification inputs for. */
const REVERIFIABLE = new Set(["bad_signature", "stale", "not_published", "config_error"]);

const sealedSchema = z.object({ headers: z.record(z.string(), z.string()), query: z.string().nullable() });
export type SealedVerification = z.infer<typeof sealedSchema>;

const context = (deliveryId: string) => `delivery-verification:${deliveryId}`;

/** The raw values that the stored copy redacts, or null when nothing was redacted. */
export function redactedInputs(ep: EndpointInfo, req: Inbound, storedQuery: string): SealedVerification | null {
  const stored = storedHeaders(ep.headerPolicy, req.headers);
  const headers: Record<string, string> = {};
  for (const name in req.headers)
    if (stored[name] === REDACTED && name !== "cookie" && req.headers[name] !== REDACTED)
      headers[name] = req.headers[name]!;
  const query = storedQuery !== req.query ? req.query : null;
  return Object.keys(headers).length > 0 || query !== null ? { headers, query } : null;
}

/** After a rejection was stored: keeps its redacted verification inputs, sealed. */
export async function sealVerificationInputs(
  deliveryId: string,
  verdict: string,
  ep: EndpointInfo,
  req: Inbound,
  storedQuery: string,
): Promise<void> {
  if (!REVERIFIABLE.has(verdict)) return;
  const inputs = redactedInputs(ep, req, storedQuery);
  if (!inputs) return;
  try {
    const db = await getDb();
    await db.delivery.updateMany({
      where: { id: deliveryId },
      data: { sealedVerification: seal(JSON.stringify(inputs), context(deliveryId)) },
    });
  } catch (e) {
    // The rejection is stored and answered as it is; only its later re-verification is lost.
    log("webhooks").warn({ deliveryId, ...errField(e) }, "the rejected delivery's verification inputs were not kept");
  }
}

export function openVerificationInputs(deliveryId: string, sealed: string): SealedVerification {
  return sealedSchema.parse(JSON.parse(open(sealed, context(deliveryId))));
}
