// Signature verification per sender preset, end to end over HTTP: deliveries signed by the
// senders' own libraries (Stripe, Standard Webhooks, GitHub; Shopify's documented HMAC) are
// accepted and start a run; tampered, wrongly keyed, unsigned and out-of-window ones answer 401,
// are stored with their verdict and reason, and start nothing.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startEngine } from "../support/engine-harness";
import {
  expectStored,
  githubHeaders,
  newSecret,
  send,
  shopifyHeaders,
  standardHeaders,
  standardSecret,
  stripeHeaders,
  webhookFlow,
  type TriggerConfig,
} from "../support/ingest-helpers";
import { githubIssueEvent, shopifyOrder, standardEvent, stripeLikeEvent } from "../support/payloads";

let engine: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

type Provider = {
  name: string;
  verification: TriggerConfig["verification"];
  secret: () => string;
  payload: () => string;
  sign: (payload: string, secret: string, offsetS?: number) => Promise<Record<string, string>> | Record<string, string>;
  /** The header(s) whose absence means "unsigned", and the reason then stored. */
  signatureHeaders: string[];
  missing: RegExp;
  eventType: string;
  /** Signs a timestamp checked against the real clock (300 s tolerance). */
  timed: boolean;
};

const providers: Provider[] = [
  {
    name: "Stripe",
    verification: { preset: "stripe" },
    secret: () => `whsec_${randomUUID().replaceAll("-", "")}`,
    // Pretty-printed with non-ASCII text, as Stripe sends it: the exact bytes are what is signed.
    payload: () => JSON.stringify({ ...stripeLikeEvent(4200), description: "Café crème ☕" }, null, 2),
    sign: (p, s, off) => stripeHeaders(p, s, off),
    signatureHeaders: ["stripe-signature"],
    missing: /Stripe-Signature header is missing/,
    eventType: "payment_intent.succeeded",
    timed: true,
  },
  {
    name: "Standard Webhooks",
    verification: { preset: "standard-webhooks" },
    secret: () => standardSecret(),
    payload: () => JSON.stringify(standardEvent()),
    sign: (p, s, off) => standardHeaders(p, s, `msg_${randomUUID()}`, off),
    signatureHeaders: ["webhook-signature"],
    missing: /webhook-signature header is missing/,
    eventType: "invoice.paid",
    timed: true,
  },
  {
    name: "GitHub",
    verification: { preset: "github" },
    secret: () => `gh-${randomUUID()}`,
    payload: () => JSON.stringify(githubIssueEvent(7)),
    sign: (p, s) => githubHeaders(p, s),
    signatureHeaders: ["x-hub-signature-256"],
    missing: /X-Hub-Signature-256 header is missing/,
    eventType: "issues.opened",
    timed: false,
  },
  {
    name: "Shopify",
    verification: { preset: "shopify" },
    secret: () => `shpss_${randomUUID().replaceAll("-", "")}`,
    payload: () => JSON.stringify(shopifyOrder()),
    sign: (p, s) => shopifyHeaders(p, s),
    signatureHeaders: ["x-shopify-hmac-sha256"],
    missing: /X-Shopify-Hmac-Sha256 header is missing/,
    eventType: "orders/create",
    timed: false,
  },
];

/** A published flow verifying with `p`'s preset and a fresh secret. */
async function signedFlow(p: Provider) {
  const secret = p.secret();
  return { ...(await webhookFlow({ verification: p.verification, secretId: await newSecret(secret) })), secret };
}

const without = (headers: Record<string, string>, names: string[]) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !names.includes(k)));

describe.each(providers)(`$name verification (${inject("database")})`, (p) => {
  it("accepts a delivery signed by the sender's library: 202, stored as accepted, one run", async () => {
    const { live, secret } = await signedFlow(p);
    const payload = p.payload();
    const a = await send(engine, live, payload, await p.sign(payload, secret));
    expect(a.json).toEqual({ received: true, id: a.id });
    const row = await expectStored(a, 202, "accepted");
    expect(row.eventType).toBe(p.eventType);
    expect(Buffer.from(row.body).toString("utf8")).toBe(payload);
  });

  it("answers 401 to a tampered body, a wrong secret and a missing signature, storing why, running nothing", async () => {
    const { live, secret } = await signedFlow(p);
    const payload = p.payload();
    const headers = await p.sign(payload, secret);
    const changed = payload.replace(/\d(?=\d*[,}\n])/, (d) => String((Number(d) + 1) % 10)); // one digit of a number
    expect(changed).not.toBe(payload);
    const tampered = await send(engine, live, changed, headers);
    expect(tampered.json.error).toMatchObject({ code: "bad_signature" });
    await expectStored(tampered, 401, "bad_signature", /match/);

    const wrongKey = await send(engine, live, payload, await p.sign(payload, p.secret()));
    await expectStored(wrongKey, 401, "bad_signature", /match.*checked 1 secret/);

    const unsigned = await send(engine, live, payload, without(headers, p.signatureHeaders));
    await expectStored(unsigned, 401, "bad_signature", p.missing);
  });
});

// Stripe and Standard Webhooks sign a timestamp; the server checks it against its real clock.
describe.each(providers.filter((p) => p.timed))(`$name replay window (${inject("database")})`, (p) => {
  it('answers 401 "stale" to a signature made 10 minutes ago or 10 minutes ahead', async () => {
    const { live, secret } = await signedFlow(p);
    const old = p.payload();
    const stale = await send(engine, live, old, await p.sign(old, secret, -600));
    expect(stale.json.error).toMatchObject({ code: "stale" });
    await expectStored(stale, 401, "stale", /Timestamp \d+ is 6\d\d s old \(tolerance 300 s\)/);

    const ahead = p.payload();
    const future = await send(engine, live, ahead, await p.sign(ahead, secret, 600));
    await expectStored(future, 401, "stale", /Timestamp \d+ is \d+ s in the future/);

    // Within the tolerance on both sides is fine (clock skew of a couple of minutes).
    for (const off of [-120, 120]) {
      const body = p.payload();
      await expectStored(await send(engine, live, body, await p.sign(body, secret, off)), 202, "accepted");
    }
  });
});
