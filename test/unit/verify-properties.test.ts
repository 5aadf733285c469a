// Properties of signature verification (lib/webhooks/verify) over generated and adversarial
// headers: every input answers OK or a reason with a short message, never a throw; a delivery signed
// by the sender's official library always verifies; a single-byte change to the body, timestamp or
// id never does, nor to the signature unless it only re-encodes the same MAC; the Stripe-Signature
// and webhook-signature lists verify exactly when one entry matches; 1 MB headers finish.
import { createHmac } from "node:crypto";
import { sign as githubSign } from "@octokit/webhooks-methods";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import {
  verificationConfigSchema,
  type VerificationConfig,
  type VerificationConfigInput,
} from "@/lib/webhooks/verify/presets";
import { verifyDelivery, type VerifyResult } from "@/lib/webhooks/verify/verify";
import { finishes, MB, repeat, textOf } from "@/test/support/properties";

const NOW = 1_700_000_000_000;
const T = NOW / 1000;
const clock = () => NOW;
const stripe = new Stripe("sk_test_x");
const STRIPE_SECRET = "whsec_property_7e1c2f0a9b8d";
const SW_SECRET = `whsec_${Buffer.from("standard-webhooks-property-key!").toString("base64")}`;
const SECRET = "property secret";
const REASONS = ["missing_signature", "bad_signature", "stale_timestamp", "future_timestamp", "malformed"];

const configs: Record<string, VerificationConfig> = Object.fromEntries(
  (
    [
      { preset: "stripe" },
      { preset: "standard-webhooks" },
      { preset: "github" },
      { preset: "shopify" },
      { preset: "hmac", header: "X-Signature", prefix: "sha256=", timestampHeader: "X-Timestamp" },
      { preset: "hmac", header: "X-Signature", algorithm: "sha1", encoding: "base64" },
      { preset: "token", in: "header", name: "X-Token" },
      { preset: "token", in: "query", name: "key" },
      { preset: "basic", username: "sender" },
    ] as VerificationConfigInput[]
  ).map((c, i) => [`${c.preset}#${i}`, verificationConfigSchema.parse(c)]),
);
const SECRETS: Record<string, string> = { stripe: STRIPE_SECRET, "standard-webhooks": SW_SECRET };
const secretFor = (config: VerificationConfig) => SECRETS[config.preset] ?? SECRET;

const verify = (config: VerificationConfig, headers: Record<string, string>, body: Uint8Array | string, query = "") =>
  verifyDelivery(
    { rawBody: typeof body === "string" ? Buffer.from(body) : body, headers, query: new URLSearchParams(query) },
    config,
    [secretFor(config)],
    clock,
  );

/** A refusal with a known reason and a message that names the problem without echoing the input. */
function expectRefused(r: VerifyResult) {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(REASONS).toContain(r.reason);
  expect(r.message.length).toBeGreaterThan(0);
  expect(r.message.length).toBeLessThanOrEqual(200);
}

// The characters each header is split on or decoded from, plus plain text.
const HEADER_UNITS = [
  "t=",
  "v1=",
  "v0=",
  ",",
  "=",
  " ",
  "v1,",
  "v1a,",
  "sha256=",
  "Basic ",
  "Bearer ",
  "a",
  "F",
  "0",
  "9",
  "+",
  "/",
  "_",
  "-",
  "==",
  "\t",
  "é",
  String(T),
  "deadbeef".repeat(8),
];
const headerValue = textOf(HEADER_UNITS);
const HEADER_NAMES = [
  "stripe-signature",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
  "x-hub-signature-256",
  "x-hub-signature",
  "x-shopify-hmac-sha256",
  "x-signature",
  "x-timestamp",
  "x-token",
  "authorization",
];

describe("verifying any headers", () => {
  it("answers a refusal with a reason and a short message for every forged input, never throws", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(configs)),
        fc.dictionary(fc.constantFrom(...HEADER_NAMES), headerValue, { maxKeys: HEADER_NAMES.length }),
        fc.uint8Array({ maxLength: 64 }),
        headerValue.map((v) => `key=${encodeURIComponent(v)}`),
        (name, headers, body, query) => expectRefused(verify(configs[name]!, headers, body, query)),
      ),
      { numRuns: 3000 },
    );
  });

  const cases: Array<[string, string, Record<string, string>]> = [
    ["Stripe: many v1 entries", "stripe#0", { "stripe-signature": `t=${T}${repeat(`,v1=${"ab".repeat(32)}`, MB)}` }],
    ["Stripe: many separators", "stripe#0", { "stripe-signature": `t=${T}${repeat(",", MB)}` }],
    ["Stripe: equals signs", "stripe#0", { "stripe-signature": repeat("=", MB) }],
    ["Stripe: a long timestamp", "stripe#0", { "stripe-signature": `t=${repeat("1", MB)},v1=${"ab".repeat(32)}` }],
    ["Stripe: a long v1", "stripe#0", { "stripe-signature": `t=${T},v1=${repeat("a", MB)}` }],
    [
      "Standard Webhooks: many v1 entries",
      "standard-webhooks#1",
      {
        "webhook-id": "msg_1",
        "webhook-timestamp": String(T),
        "webhook-signature": repeat(`v1,${"A".repeat(43)}= `, MB),
      },
    ],
    [
      "Standard Webhooks: many spaces",
      "standard-webhooks#1",
      { "webhook-id": "msg_1", "webhook-timestamp": String(T), "webhook-signature": `${repeat(" ", MB)}v1,x` },
    ],
    [
      "Standard Webhooks: a long id and timestamp",
      "standard-webhooks#1",
      { "webhook-id": repeat("m", MB), "webhook-timestamp": repeat("9", MB), "webhook-signature": "v1,x" },
    ],
    ["GitHub: a long signature", "github#2", { "x-hub-signature-256": `sha256=${repeat("a", MB)}` }],
    ["Shopify: a long base64", "shopify#3", { "x-shopify-hmac-sha256": repeat("A", MB) + "=" }],
    ["HMAC: a long prefix run", "hmac#4", { "x-signature": repeat("sha256=", MB), "x-timestamp": repeat("1", MB) }],
    ["HMAC: base64 of every length", "hmac#5", { "x-signature": repeat("+/", MB) }],
    ["token: a long bearer", "token#6", { "x-token": `Bearer${repeat(" ", MB)}x` }],
    ["basic: a long credential", "basic#8", { authorization: `Basic ${repeat(" ", MB / 2)}${repeat("QQ==", MB / 2)}` }],
  ];
  it.each(cases)("finishes with a refusal on a 1 MB header: %s", (_, name, headers) => {
    let result: VerifyResult | undefined;
    expect(finishes(() => (result = verify(configs[name]!, headers, "{}")))).toBe("finished");
    expectRefused(result!);
  });
});

// A body as the sender's library takes it (text); the bytes are its UTF-8.
const payload = fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ unit: "grapheme", maxLength: 200 }));
const timestamp = fc.integer({ min: T - 250, max: T + 250 });
const flipByte = (bytes: Uint8Array, at: number, xor: number) => {
  const copy = Buffer.from(bytes);
  const i = at % copy.length;
  copy[i] = copy[i]! ^ xor;
  return copy;
};
const flipChar = (text: string, at: number, replacement: string) => {
  const i = at % text.length;
  return text.slice(0, i) + replacement + text.slice(i + 1);
};
const change = fc.record({
  at: fc.nat(),
  xor: fc.integer({ min: 1, max: 255 }),
  char: fc.constantFrom(..."0123456789abcdefABCDEF+/-_=, tv."),
});
// The only changes to a signature that still verify re-encode the same MAC: hex in upper case, the
// URL-safe base64 alphabet, the unused low bits of base64's last character.
const sameHexMac = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const sameBase64Mac = (a: string, b: string) => Buffer.from(a, "base64").equals(Buffer.from(b, "base64"));
type Change = { at: number; xor: number; char: string };

/** The signed delivery verifies; a flipped body byte never does, nor a changed header character unless `same` says it re-encodes the MAC. */
function expectOnlySigned(
  config: VerificationConfig,
  name: string,
  header: string,
  bytes: Uint8Array,
  { at, xor, char }: Change,
  same: (a: string, b: string) => boolean,
) {
  expect(verify(config, { [name]: header }, bytes)).toEqual({ ok: true });
  if (bytes.length > 0) expectRefused(verify(config, { [name]: header }, flipByte(bytes, at, xor)));
  const forged = flipChar(header, at, char);
  if (forged !== header && !same(forged, header)) expectRefused(verify(config, { [name]: forged }, bytes));
}

describe("a delivery signed by the sender's library", () => {
  it("Stripe: always verifies; a changed body byte never does, nor a changed header byte unless it only changes a hex digit's case", () => {
    const config = configs["stripe#0"]!;
    fc.assert(
      fc.property(payload, timestamp, change, (body, t, c) => {
        const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret: STRIPE_SECRET, timestamp: t });
        expectOnlySigned(config, "stripe-signature", header, Buffer.from(body), c, sameHexMac);
      }),
      { numRuns: 300 },
    );
  });

  it("Standard Webhooks: always verifies; a changed body, id or timestamp byte never does, nor a changed signature unless it decodes to the same MAC", () => {
    const config = configs["standard-webhooks#1"]!;
    const id = fc.stringMatching(/^msg_[A-Za-z0-9]{1,27}$/);
    fc.assert(
      fc.property(
        payload,
        timestamp,
        id,
        change,
        fc.constantFrom("body", "webhook-id", "webhook-timestamp", "webhook-signature"),
        (body, t, msgId, { at, xor, char }, target) => {
          const headers = {
            "webhook-id": msgId,
            "webhook-timestamp": String(t),
            "webhook-signature": new Webhook(SW_SECRET).sign(msgId, new Date(t * 1000), body),
          };
          const bytes = Buffer.from(body);
          expect(verify(config, headers, bytes)).toEqual({ ok: true });
          if (target === "body") {
            if (bytes.length > 0) expectRefused(verify(config, headers, flipByte(bytes, at, xor)));
            return;
          }
          const forged = { ...headers, [target]: flipChar(headers[target as keyof typeof headers], at, char) };
          const unchanged = forged[target as keyof typeof headers] === headers[target as keyof typeof headers];
          const reencoded =
            target === "webhook-signature" &&
            forged[target].startsWith("v1,") &&
            sameBase64Mac(forged[target].slice(3), headers[target].slice(3));
          if (!unchanged && !reencoded) expectRefused(verify(config, forged, bytes));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("GitHub (octokit): always verifies; a changed body byte never does, nor a changed signature byte unless it only changes a hex digit's case", async () => {
    const config = configs["github#2"]!;
    await fc.assert(
      fc.asyncProperty(
        payload.filter((p) => p.length > 0),
        change,
        async (body, c) => {
          expectOnlySigned(
            config,
            "x-hub-signature-256",
            await githubSign(SECRET, body),
            Buffer.from(body),
            c,
            sameHexMac,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("Shopify: always verifies; a changed body byte never does, nor a changed signature unless it decodes to the same MAC", () => {
    const config = configs["shopify#3"]!;
    fc.assert(
      fc.property(payload, change, (body, c) => {
        const bytes = Buffer.from(body);
        expectOnlySigned(
          config,
          "x-shopify-hmac-sha256",
          createHmac("sha256", SECRET).update(bytes).digest("base64"),
          bytes,
          c,
          sameBase64Mac,
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe("signature header lists", () => {
  const wrongHex = fc.stringMatching(/^[0-9a-f]{64}$/);
  const junk = fc.constantFrom("v0=abc", "v2=00", "x=1", "", " ", "v1", "=", "t", "v1 =", "k=v=w");
  const pad = fc.constantFrom("", " ", "  ");

  it("Stripe-Signature: t= and v1= entries in any order, among unknown schemes and spaces, verify exactly when one v1 matches", () => {
    const config = configs["stripe#0"]!;
    fc.assert(
      fc.property(
        payload,
        fc.boolean(),
        fc.array(
          fc.oneof(
            wrongHex.map((h) => `v1=${h}`),
            junk,
          ),
          { maxLength: 6 },
        ),
        fc.nat(),
        pad,
        (body, signed, others, position, space) => {
          const good = stripe.webhooks
            .generateTestHeaderString({ payload: body, secret: STRIPE_SECRET, timestamp: T })
            .split(",")[1]!;
          const entries = [...others];
          if (signed) entries.splice(position % (entries.length + 1), 0, good);
          entries.splice((position >> 3) % (entries.length + 1), 0, `t=${T}`);
          const header = entries.map((e) => `${space}${e}${space}`).join(",");
          const r = verify(config, { "stripe-signature": header }, body);
          if (signed) expect(r).toEqual({ ok: true });
          else expectRefused(r);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("webhook-signature: space-separated v1 entries among v1a and unknown versions verify exactly when one matches", () => {
    const config = configs["standard-webhooks#1"]!;
    const wrongBase64 = fc
      .uint8Array({ minLength: 32, maxLength: 32 })
      .map((b) => `v1,${Buffer.from(b).toString("base64")}`);
    const other = fc.constantFrom("v1a,abc", "v2,AAAA", "v1,", "v1,!!", "", "v1", ",");
    fc.assert(
      fc.property(
        payload,
        fc.boolean(),
        fc.array(fc.oneof(wrongBase64, other), { maxLength: 6 }),
        fc.nat(),
        (body, signed, others, position) => {
          const good = new Webhook(SW_SECRET).sign("msg_1", new Date(T * 1000), body);
          const entries = [...others];
          if (signed) entries.splice(position % (entries.length + 1), 0, good);
          const r = verify(
            config,
            { "webhook-id": "msg_1", "webhook-timestamp": String(T), "webhook-signature": entries.join(" ") || "v0,x" },
            body,
          );
          if (signed) expect(r).toEqual({ ok: true });
          else expectRefused(r);
        },
      ),
      { numRuns: 500 },
    );
  });
});
