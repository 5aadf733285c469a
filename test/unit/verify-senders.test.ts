// Every sender preset added for issue 24, table-driven: a delivery signed the sender's way is
// accepted, the same delivery with its body tampered is refused, and (for senders that sign a
// time) one signed beyond the tolerance is refused as stale. Signatures come from the sender's
// official library where it can sign (svix for Clerk; Stripe's for Calendly's identical `t=,v1=`
// header; twilio's getExpectedTwilioSignature), and otherwise from the documented algorithm
// written out here, independently of lib/. Where the sender's library can only verify (Paddle's
// SDK, SendGrid's @sendgrid/eventwebhook, Slack's @slack/bolt, and svix, Stripe and twilio again),
// it is a second opinion that must agree on the valid, the tampered and the stale delivery.
import { createHmac, generateKeyPairSync, sign as signWith } from "node:crypto";
import { crc32 } from "node:zlib";
import { Paddle, WebhooksValidator } from "@paddle/paddle-node-sdk";
import { EventWebhook } from "@sendgrid/eventwebhook";
import { isValidSlackRequest } from "@slack/bolt";
import Stripe from "stripe";
import { Webhook } from "svix";
import twilio from "twilio";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { rememberPaypalCert } from "@/lib/webhooks/verify/paypal-certs";
import { verificationConfigSchema, verificationPresets, type PresetInfo } from "@/lib/webhooks/verify/presets";
import { deliveryEventType, deliveryIdentity, verifyDelivery, type VerifyResult } from "@/lib/webhooks/verify/verify";

const NOW = 1_700_000_000_000;
const T = NOW / 1000;
const OLD_T = T - 3600; // beyond every default tolerance (300 s; Linear's 60 s)
const clock = () => NOW;
const hmac = (alg: "sha256" | "sha1", key: string | Buffer, data: string) => createHmac(alg, key).update(data);
const stripe = new Stripe("sk_test_x");

type Signed = { headers: Record<string, string>; query?: string; body?: string };
type Case = {
  preset: string;
  config?: Record<string, unknown>;
  secret: string;
  body: string;
  /** Signs `body` at time `t` (Unix seconds). */
  sign: (body: string, t: number) => Signed;
  /** Signs a time (false: the sender signs none, a replay is caught by dedupe). */
  timed: boolean;
  identity?: string | null;
  eventType?: string | null;
  /** The sender's own library's verdict on a delivery (verification-only libraries). */
  library?: (signed: Signed, body: string) => boolean | Promise<boolean>;
  /** False when that library checks the signature only, never the time (SendGrid's). */
  libraryChecksTime?: false;
};

const throwsNot = (fn: () => unknown) => {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
};
new Paddle("pdl_sdbx_apikey_01gtgztp8fq5c2ds3gvg16ztyb_hpyvecjq8cbqrxjc0wt4rwxj3v7"); // sets the SDK's Node runtime
const sendgridPem = () => sendgridKeys.publicKey.export({ format: "pem", type: "spki" }).toString();

const json = (value: unknown) => JSON.stringify(value, null, 2);
const TWILIO_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
/** A form body as Twilio's library takes it (what express.urlencoded makes): repeated names as arrays. */
const formParams = (body: string) => {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const held = params[name];
    params[name] = held === undefined ? value : [...(Array.isArray(held) ? held : [held]), value];
  }
  return params;
};
const SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
/** Slack's documented signature (Bolt verifies but cannot sign). */
const slackSignature = (t: number, body: string, secret = SLACK_SECRET) =>
  `v0=${hmac("sha256", secret, `v0:${t}:${body}`).digest("hex")}`;
const slackLibraryAccepts = (headers: Record<string, string>, body: string, secret = SLACK_SECRET) =>
  isValidSlackRequest({
    signingSecret: secret,
    body,
    headers: {
      "x-slack-signature": headers["x-slack-signature"]!,
      "x-slack-request-timestamp": Number(headers["x-slack-request-timestamp"]),
    },
    nowMilliseconds: NOW,
  });
const wcBody = json({ id: 731, status: "processing", date_modified_gmt: "2026-12-06T05:00:00" });
const clerkKey = `whsec_${Buffer.from("clerk-signing-key-0123456789abcd").toString("base64")}`;
const sendgridKeys = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const sendgridPublic = sendgridKeys.publicKey.export({ format: "der", type: "spki" }).toString("base64");
const paypalKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PAYPAL_CERT_URL = "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270";
rememberPaypalCert(PAYPAL_CERT_URL, paypalKeys.publicKey.export({ format: "pem", type: "spki" }).toString(), NOW);

const cases: Case[] = [
  {
    preset: "shopify-merchant",
    secret: "store-webhook-signing-key",
    body: json({ id: 820982911946154500, updated_at: "2026-12-06T05:00:00-05:00" }),
    sign: (body) => ({
      headers: {
        "x-shopify-hmac-sha256": hmac("sha256", "store-webhook-signing-key", body).digest("base64"),
        "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
        "x-shopify-topic": "orders/updated",
      },
    }),
    timed: false,
    identity: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    eventType: "orders/updated",
  },
  {
    preset: "clerk",
    secret: clerkKey,
    body: json({ type: "user.created", data: { id: "user_29w83sxmDNGwOuEthce5gg56FcC" } }),
    // Signed by Svix's own library (Clerk sends through Svix).
    sign: (body, t) => ({
      headers: {
        "svix-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "svix-timestamp": String(t),
        "svix-signature": new Webhook(clerkKey).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", new Date(t * 1000), body),
      },
    }),
    timed: true,
    identity: "msg_p5jXN8AQM9LWM0D4loKWxJek",
    eventType: "user.created",
    library: (signed, body) => throwsNot(() => new Webhook(clerkKey).verify(body, signed.headers)),
  },
  {
    preset: "calendly",
    secret: "calendly-signing-key",
    body: json({ event: "invitee.created", payload: { uri: "https://api.calendly.com/x/1" } }),
    // Calendly's header has Stripe's exact format: Stripe's library makes it.
    sign: (body, t) => ({
      headers: {
        "calendly-webhook-signature": stripe.webhooks.generateTestHeaderString({
          payload: body,
          secret: "calendly-signing-key",
          timestamp: t,
        }),
      },
    }),
    timed: true,
    eventType: "invitee.created",
    library: (signed, body) =>
      throwsNot(() =>
        stripe.webhooks.constructEvent(
          body,
          signed.headers["calendly-webhook-signature"]!,
          "calendly-signing-key",
          300,
          undefined,
          NOW,
        ),
      ),
  },
  {
    preset: "paddle",
    secret: "pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI0vEI",
    body: json({
      event_id: "evt_01hv8x2acma2gz4at1xq7w8e2h",
      notification_id: "ntf_01hv8x2af7fbrx6b3x4xezqk8s",
      event_type: "subscription.updated",
      data: { id: "sub_01hv8x29kz0t586xy6zn1a62ny", updated_at: "2026-12-06T05:00:00Z" },
    }),
    sign: (body, t) => ({
      headers: {
        "paddle-signature": `ts=${t};h1=${hmac("sha256", "pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI0vEI", `${t}:${body}`).digest("hex")}`,
      },
    }),
    timed: true,
    identity: "ntf_01hv8x2af7fbrx6b3x4xezqk8s",
    eventType: "subscription.updated",
    library: (signed, body) =>
      new WebhooksValidator().isValidSignature(
        body,
        "pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI0vEI",
        signed.headers["paddle-signature"]!,
      ),
  },
  {
    preset: "lemon-squeezy",
    secret: "lemon-secret",
    body: json({ meta: { event_name: "order_created" }, data: { id: "1" } }),
    sign: (body) => ({
      headers: { "x-signature": hmac("sha256", "lemon-secret", body).digest("hex"), "x-event-name": "order_created" },
    }),
    timed: false,
    eventType: "order_created",
  },
  {
    preset: "woocommerce",
    secret: "wc-secret",
    body: wcBody,
    sign: (body) => ({
      headers: {
        "x-wc-webhook-signature": hmac("sha256", "wc-secret", body).digest("base64"),
        "x-wc-webhook-topic": "order.updated",
        "x-wc-webhook-delivery-id": "4e7b1a5d",
      },
    }),
    timed: false,
    identity: "4e7b1a5d",
    eventType: "order.updated",
  },
  {
    preset: "square",
    config: { notificationUrl: "https://hooks.example.com/api/hooks/abc" },
    secret: "square-signature-key",
    body: json({ event_id: "6a8f5f28-54a1-4eb0-a98a-3111513fd4fc", type: "payment.updated", data: { id: "p1" } }),
    sign: (body) => ({
      headers: {
        "x-square-hmacsha256-signature": hmac(
          "sha256",
          "square-signature-key",
          `https://hooks.example.com/api/hooks/abc${body}`,
        ).digest("base64"),
      },
    }),
    timed: false,
    identity: "6a8f5f28-54a1-4eb0-a98a-3111513fd4fc",
    eventType: "payment.updated",
  },
  {
    preset: "twilio",
    // Twilio's documented example (webhooks-security), signed by Twilio's own library.
    config: { url: TWILIO_URL },
    secret: "12345",
    body: "CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212",
    sign: (body) => ({
      query: "foo=1&bar=2",
      headers: { "x-twilio-signature": twilio.getExpectedTwilioSignature("12345", TWILIO_URL, formParams(body)) },
    }),
    timed: false,
    library: (signed, body) =>
      twilio.validateRequest(
        "12345",
        signed.headers["x-twilio-signature"]!,
        `https://mycompany.com/myapp.php?${signed.query}`,
        formParams(body),
      ),
  },
  {
    preset: "slack",
    secret: SLACK_SECRET,
    body: json({ event_id: "Ev0PV52K21", event: { type: "app_mention" } }),
    sign: (body, t) => ({
      headers: { "x-slack-request-timestamp": String(t), "x-slack-signature": slackSignature(t, body) },
    }),
    timed: true,
    identity: "Ev0PV52K21",
    eventType: "app_mention",
    library: (signed, body) => slackLibraryAccepts(signed.headers, body),
  },
  {
    preset: "zoom",
    secret: "zoom-secret-token",
    body: json({ event: "meeting.started", event_ts: 1_700_000_000_000, payload: { object: { id: "8541" } } }),
    sign: (body, t) => ({
      headers: {
        "x-zm-request-timestamp": String(t),
        "x-zm-signature": `v0=${hmac("sha256", "zoom-secret-token", `v0:${t}:${body}`).digest("hex")}`,
      },
    }),
    timed: true,
    eventType: "meeting.started",
  },
  {
    preset: "mailgun",
    secret: "key-mailgun-signing",
    body: "", // made by sign(): the signature lives in the body
    sign: (body, t) => {
      const event = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      const token = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0";
      return {
        headers: {},
        body: json({
          ...event,
          signature: {
            timestamp: String(t),
            token,
            signature: hmac("sha256", "key-mailgun-signing", `${t}${token}`).digest("hex"),
          },
          "event-data": { id: "CPgfbmQMTCKtHW6uIWtuVe", event: "delivered", ...(event["event-data"] as object) },
        }),
      };
    },
    timed: true,
    identity: "CPgfbmQMTCKtHW6uIWtuVe",
    eventType: "delivered",
  },
  {
    preset: "sendgrid",
    secret: sendgridPublic,
    body: json([{ event: "delivered", sg_event_id: "sg1", timestamp: 1_700_000_000 }]),
    sign: (body, t) => ({
      headers: {
        "x-twilio-email-event-webhook-timestamp": String(t),
        "x-twilio-email-event-webhook-signature": signWith(
          "sha256",
          Buffer.from(`${t}${body}`),
          sendgridKeys.privateKey,
        ).toString("base64"),
      },
    }),
    timed: true,
    eventType: "delivered",
    libraryChecksTime: false,
    library: (signed, body) => {
      const lib = new EventWebhook();
      return lib.verifySignature(
        lib.convertPublicKeyToECDSA(sendgridPem()),
        body,
        signed.headers["x-twilio-email-event-webhook-signature"]!,
        signed.headers["x-twilio-email-event-webhook-timestamp"]!,
      );
    },
  },
  {
    preset: "typeform",
    secret: "typeform-secret",
    body: json({ event_id: "01H8XJ", event_type: "form_response", form_response: { token: "a" } }),
    sign: (body) => ({
      headers: { "typeform-signature": `sha256=${hmac("sha256", "typeform-secret", body).digest("base64")}` },
    }),
    timed: false,
    identity: "01H8XJ",
    eventType: "form_response",
  },
  {
    preset: "intercom",
    secret: "intercom-client-secret",
    body: json({ type: "notification_event", id: "notif_ccd8a4d0", topic: "conversation.user.created" }),
    sign: (body) => ({
      headers: { "x-hub-signature": `sha1=${hmac("sha1", "intercom-client-secret", body).digest("hex")}` },
    }),
    timed: false,
    identity: "notif_ccd8a4d0",
    eventType: "conversation.user.created",
  },
  {
    preset: "linear",
    secret: "lin_wh_secret",
    body: "", // made by sign(): the timestamp lives in the body
    sign: (_body, t) => {
      const body = json({ action: "create", type: "Issue", data: { id: "iss1" }, webhookTimestamp: t * 1000 });
      return {
        body,
        headers: {
          "linear-signature": hmac("sha256", "lin_wh_secret", body).digest("hex"),
          "linear-delivery": "234d1a4e-b617-4388-90fe-adc3633d6b72",
          "linear-event": "Issue",
        },
      };
    },
    timed: true,
    identity: "234d1a4e-b617-4388-90fe-adc3633d6b72",
    eventType: "Issue",
  },
  {
    preset: "paypal",
    secret: "1JE4291016473214C", // the webhook id
    body: json({ id: "WH-2WR32451HC0233532-67976317FL4543714", event_type: "PAYMENT.CAPTURE.COMPLETED" }),
    sign: (body, t) => {
      const id = "69cd13f0-d67a-11e5-baa3-778b53f4ae55";
      const time = new Date(t * 1000).toISOString();
      const crc = crc32(Buffer.from(body)) >>> 0;
      return {
        headers: {
          "paypal-transmission-id": id,
          "paypal-transmission-time": time,
          "paypal-cert-url": PAYPAL_CERT_URL,
          "paypal-auth-algo": "SHA256withRSA",
          "paypal-transmission-sig": signWith(
            "sha256",
            Buffer.from(`${id}|${time}|1JE4291016473214C|${crc}`),
            paypalKeys.privateKey,
          ).toString("base64"),
        },
      };
    },
    timed: false,
    identity: "WH-2WR32451HC0233532-67976317FL4543714",
    eventType: "PAYMENT.CAPTURE.COMPLETED",
  },
  {
    preset: "yotpo",
    secret: "yotpo-random-token",
    body: json({ event: "review.created" }),
    sign: () => ({ headers: {}, query: "token=yotpo-random-token" }),
    timed: false,
  },
  {
    preset: "spocket",
    secret: "spocket-random-token",
    body: json({ event: "order.shipped" }),
    sign: () => ({ headers: {}, query: "token=spocket-random-token" }),
    timed: false,
  },
];

function run(c: Case, signed: Signed, body: string, secrets = [c.secret]): VerifyResult {
  const config = verificationConfigSchema.parse({ preset: c.preset, ...c.config });
  return verifyDelivery(
    { rawBody: Buffer.from(body), headers: signed.headers, query: new URLSearchParams(signed.query ?? "") },
    config,
    secrets,
    clock,
  );
}

/** The body the sender sends, and the same with one value changed. */
function bodies(c: Case, signed: Signed) {
  const body = signed.body ?? c.body;
  const tampered = body.includes("1") ? body.replace("1", "2") : `${body} `;
  return { body, tampered };
}

describe.each(cases)("$preset", (c) => {
  it("accepts a delivery signed the sender's way", () => {
    const signed = c.sign(c.body, T);
    expect(run(c, signed, bodies(c, signed).body)).toEqual({ ok: true });
  });

  it("refuses the same delivery with a tampered body", () => {
    const signed = c.sign(c.body, T);
    // Unsigned senders: a token proves only who sent; the wrong token is their "tampered" case.
    if (c.preset === "yotpo" || c.preset === "spocket")
      expect(run(c, { headers: {}, query: "token=guess" }, c.body)).toMatchObject({
        ok: false,
        reason: "bad_signature",
      });
    else expect(run(c, signed, bodies(c, signed).tampered)).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("refuses a wrong secret and a missing signature", () => {
    const signed = c.sign(c.body, T);
    const { body } = bodies(c, signed);
    const wrong =
      c.preset === "sendgrid"
        ? generateKeyPairSync("ec", { namedCurve: "prime256v1" })
            .publicKey.export({ format: "der", type: "spki" })
            .toString("base64")
        : c.secret.startsWith("whsec_")
          ? `whsec_${Buffer.from("another-key-0123456789abcdef0123").toString("base64")}`
          : `${c.secret}x`;
    expect(run(c, signed, body, [wrong]).ok).toBe(false);
    const unsigned = c.preset === "mailgun" ? json({ "event-data": {} }) : body;
    expect(run(c, { headers: {} }, unsigned)).toMatchObject({ ok: false, reason: "missing_signature" });
  });
});

/** Paddle's validator and svix read the clock (Date): pinned to the test's time. */
function pinLibraryClock() {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());
}

describe.each(cases.filter((c) => c.library))("$preset, checked by the sender's library", (c) => {
  pinLibraryClock();

  it("agrees on the valid delivery and on the tampered one", async () => {
    const signed = c.sign(c.body, T);
    const { body, tampered } = bodies(c, signed);
    expect(await c.library!(signed, body)).toBe(true);
    expect(run(c, signed, body).ok).toBe(true);
    expect(await c.library!(signed, tampered)).toBe(false);
    expect(run(c, signed, tampered).ok).toBe(false);
  });
});

describe.each(cases.filter((c) => c.library && c.timed && c.libraryChecksTime !== false))(
  "$preset, checked by the sender's library for time",
  (c) => {
    pinLibraryClock();

    it("agrees that a delivery signed an hour ago is stale", async () => {
      const signed = c.sign(c.body, OLD_T);
      const { body } = bodies(c, signed);
      expect(await c.library!(signed, body)).toBe(false);
      expect(run(c, signed, body)).toMatchObject({ ok: false, reason: "stale_timestamp" });
    });
  },
);

describe.each(cases.filter((c) => c.timed))("$preset, which signs a time", (c) => {
  it("refuses a delivery signed beyond the tolerance as stale", () => {
    const signed = c.sign(c.body, OLD_T);
    expect(run(c, signed, bodies(c, signed).body)).toMatchObject({ ok: false, reason: "stale_timestamp" });
  });
});

describe.each(cases.filter((c) => !c.timed))("$preset, which signs no time", (c) => {
  it("has a delivery id for dedupe, or says it compares a token", () => {
    const info = verificationPresets[c.preset as keyof typeof verificationPresets];
    expect(
      "identity" in info || c.preset === "lemon-squeezy" || c.preset === "twilio" || /token/i.test(info.description),
    ).toBe(true);
  });
});

describe.each(cases)("$preset ids", (c) => {
  it("reads the sender's delivery id and event type", () => {
    const signed = c.sign(c.body, T);
    const body = JSON.parse(bodies(c, signed).body.startsWith("CallSid") ? "{}" : bodies(c, signed).body) as unknown;
    const config = verificationConfigSchema.parse({ preset: c.preset, ...c.config });
    if (c.identity !== undefined) expect(deliveryIdentity(signed, config, body)).toBe(c.identity);
    if (c.eventType !== undefined) expect(deliveryEventType(signed, config, body)).toBe(c.eventType);
  });
});

describe("twilio, against Twilio's library", () => {
  const TOKEN = "12345";
  const HOOK = "https://hooks.example.com/api/hooks/abc";
  const FORM = "MessageSid=SM1&MessageStatus=delivered&To=%2B15551230000&To=%2B15551239999&To=%2B15551230000";
  const JSON_BODY = json({ MessageSid: "SM1", MessageStatus: "delivered", Note: "Café ☕" });
  const twilioCase = cases.find((x) => x.preset === "twilio")!;

  /**
   * A delivery as Twilio makes it: it calls `calledUrl` (the webhook URL entered at Twilio; for a
   * JSON body with `bodySHA256=<hex SHA-256 of the body>` appended) and signs that URL as its own
   * library does. Hookline is configured with `configuredUrl` and receives the query as sent.
   */
  function deliver(calledUrl: string, body: string, kind: "form" | "json") {
    const called =
      kind === "json"
        ? `${calledUrl}${calledUrl.includes("?") ? "&" : "?"}bodySHA256=${twilio.getExpectedBodyHash(body)}`
        : calledUrl;
    const href = new URL(called).href; // what goes on the wire, and what Twilio's validator normalises to
    const signature = twilio.getExpectedTwilioSignature(TOKEN, href, kind === "json" ? {} : formParams(body));
    return { called: href, signature, query: new URL(href).search.slice(1) };
  }
  const library = (d: ReturnType<typeof deliver>, body: string, kind: "form" | "json", url = d.called) =>
    kind === "json"
      ? twilio.validateRequestWithBody(TOKEN, d.signature, url, body)
      : twilio.validateRequest(TOKEN, d.signature, url, formParams(body));
  const hookline = (d: ReturnType<typeof deliver>, body: string, configuredUrl: string, query = d.query) =>
    run(
      { ...twilioCase, config: { url: configuredUrl } },
      { query, headers: { "x-twilio-signature": d.signature } },
      body,
    );

  it("its library reproduces Twilio's documented example", () => {
    const signed = twilioCase.sign(twilioCase.body, T);
    expect(signed.headers["x-twilio-signature"]).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  });

  // [what it is, the URL entered at Twilio, the URL entered in Hookline]
  const urls: [string, string, string][] = [
    ["a plain URL", HOOK, HOOK],
    ["a query entered at both", `${HOOK}?foo=1&bar=2`, `${HOOK}?foo=1&bar=2`],
    ["a query entered at Twilio only", `${HOOK}?foo=1&bar=2`, HOOK],
    ["the default port entered at Twilio only", "https://hooks.example.com:443/api/hooks/abc", HOOK],
    ["the default port entered in Hookline only", HOOK, "https://hooks.example.com:443/api/hooks/abc"],
    ["another port", "https://hooks.example.com:8443/api/hooks/abc", "https://hooks.example.com:8443/api/hooks/abc"],
    [
      "a query a re-encoding would change",
      `${HOOK}?next=https://app.example/done?a=1&name=Zo%C3%AB&tag=a+b&empty=&mark=~*'()!`,
      `${HOOK}?next=https://app.example/done?a=1&name=Zo%C3%AB&tag=a+b&empty=&mark=~*'()!`,
    ],
  ];
  describe.each(["form", "json"] as const)("a %s body", (kind) => {
    const body = kind === "form" ? FORM : JSON_BODY;

    it.each(urls)("is accepted by both with %s", (_what, atTwilio, inHookline) => {
      const d = deliver(atTwilio, body, kind);
      expect(library(d, body, kind)).toBe(true);
      expect(hookline(d, body, inHookline)).toEqual({ ok: true });
    });

    it("is refused by both with its body tampered", () => {
      const d = deliver(`${HOOK}?foo=1`, body, kind);
      const tampered = body.replace("SM1", "SM2");
      expect(library(d, tampered, kind)).toBe(false);
      expect(hookline(d, tampered, `${HOOK}?foo=1`)).toMatchObject({ ok: false, reason: "bad_signature" });
    });

    it("is refused by both sent to another URL", () => {
      const d = deliver(`${HOOK}?foo=1`, body, kind);
      const other = `${HOOK.replace("abc", "xyz")}?foo=1`;
      expect(library(d, body, kind, d.called.replace("abc", "xyz"))).toBe(false);
      expect(hookline(d, body, other)).toMatchObject({ ok: false, reason: "bad_signature" });
    });

    it("is refused by both with a query value changed", () => {
      const d = deliver(`${HOOK}?foo=1`, body, kind);
      const query = d.query.replace("foo=1", "foo=2");
      expect(library(d, body, kind, `${HOOK}?${query}`)).toBe(false);
      expect(hookline(d, body, HOOK, query)).toMatchObject({ ok: false, reason: "bad_signature" });
    });
  });

  // Twilio's signing is inconsistent about ports and query encoding, so its library accepts other
  // spellings of the called URL: [what it is, the URL called, the spelling signed].
  const spellings: [string, string, string][] = [
    [
      "another port left out",
      "https://hooks.example.com:8443/api/hooks/abc",
      "https://hooks.example.com/api/hooks/abc",
    ],
    ["the default port spelled out", HOOK, "https://hooks.example.com:443/api/hooks/abc"],
    ["the legacy querystring encoding", `${HOOK}?name=O'Brien (Jr)`, `${HOOK}?name=O'Brien%20(Jr)`],
  ];
  it.each(spellings)("accepts, as its library does, a signature over %s", (_what, called, signedAs) => {
    const d = {
      ...deliver(called, FORM, "form"),
      signature: twilio.getExpectedTwilioSignature(TOKEN, signedAs, formParams(FORM)),
    };
    expect(library(d, FORM, "form")).toBe(true);
    expect(hookline(d, FORM, called)).toEqual({ ok: true });
  });

  it("refuses, as its library does, a form parameter added or dropped", () => {
    const d = deliver(HOOK, FORM, "form");
    for (const body of [`${FORM}&Extra=1`, FORM.replace("&MessageStatus=delivered", "")]) {
      expect(library(d, body, "form")).toBe(false);
      expect(hookline(d, body, HOOK)).toMatchObject({ ok: false, reason: "bad_signature" });
    }
  });

  it("refuses, as its library does, a JSON body whose bodySHA256 was replaced with the tampered body's", () => {
    const d = deliver(HOOK, JSON_BODY, "json");
    const tampered = JSON_BODY.replace("SM1", "SM2");
    const query = `bodySHA256=${twilio.getExpectedBodyHash(tampered)}`;
    expect(library(d, tampered, "json", `${HOOK}?${query}`)).toBe(false);
    expect(hookline(d, tampered, HOOK, query)).toMatchObject({ ok: false, reason: "bad_signature" });
  });
});

describe("slack, against Bolt's verifier", () => {
  const slack = cases.find((x) => x.preset === "slack")!;
  // A slash command arrives form-encoded; events arrive as JSON (the table's case).
  const command = "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&command=%2Fweather&text=94070&user_name=Steve";
  const headers = (t: number, body: string, secret = SLACK_SECRET) => ({
    "x-slack-request-timestamp": String(t),
    "x-slack-signature": slackSignature(t, body, secret),
  });
  const hookline = (h: Record<string, string>, body: string) => run(slack, { headers: h }, body);

  it("accepts a slash command's form body, as Bolt does", () => {
    expect(slackLibraryAccepts(headers(T, command), command)).toBe(true);
    expect(hookline(headers(T, command), command)).toEqual({ ok: true });
  });

  it("refuses, as Bolt does, a changed timestamp, another secret and another signature version", () => {
    const moved = { ...headers(T, command), "x-slack-request-timestamp": String(T - 1) };
    const otherSecret = headers(T, command, "another-signing-secret");
    const v1 = {
      ...headers(T, command),
      "x-slack-signature": headers(T, command)["x-slack-signature"].replace("v0=", "v1="),
    };
    for (const h of [moved, otherSecret, v1]) {
      expect(slackLibraryAccepts(h, command)).toBe(false);
      expect(hookline(h, command).ok).toBe(false);
    }
  });

  it("draws the five-minute line where Bolt does: 300 s old accepted, 301 s refused as stale", () => {
    expect(slackLibraryAccepts(headers(T - 300, command), command)).toBe(true);
    expect(hookline(headers(T - 300, command), command)).toEqual({ ok: true });
    expect(slackLibraryAccepts(headers(T - 301, command), command)).toBe(false);
    expect(hookline(headers(T - 301, command), command)).toMatchObject({ ok: false, reason: "stale_timestamp" });
  });

  it("also refuses a timestamp ten minutes ahead, which Bolt lets through", () => {
    // Slack's page says to ignore a request more than five minutes from local time either way;
    // Bolt checks only the past. A clock that runs ahead is as good as a replay window, so this
    // difference is deliberate.
    expect(slackLibraryAccepts(headers(T + 600, command), command)).toBe(true);
    expect(hookline(headers(T + 600, command), command)).toMatchObject({ ok: false, reason: "future_timestamp" });
  });
});

describe("paypal certificate URL", () => {
  const c = cases.find((x) => x.preset === "paypal")!;
  it.each([
    "http://api.sandbox.paypal.com/v1/notifications/certs/CERT-1",
    "https://evil.example.com/v1/notifications/certs/CERT-1",
    "https://api.paypal.com.evil.example.com/v1/notifications/certs/CERT-1",
    "https://api.paypal.com:8443/v1/notifications/certs/CERT-1",
    "https://api.paypal.com/v1/other",
  ])("refuses a delivery naming %s without fetching it", (url) => {
    const signed = c.sign(c.body, T);
    const result = run(c, { headers: { ...signed.headers, "paypal-cert-url": url } }, c.body);
    expect(result).toMatchObject({ ok: false, reason: "bad_signature" });
    expect((result as { message: string }).message).toMatch(/PAYPAL-CERT-URL/);
  });

  it("refuses a delivery whose certificate was never fetched", () => {
    const signed = c.sign(c.body, T);
    const other = "https://api.paypal.com/v1/notifications/certs/CERT-never-fetched";
    expect(run(c, { headers: { ...signed.headers, "paypal-cert-url": other } }, c.body)).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });
});

describe("the preset list", () => {
  it("knows at least twenty senders, each with a retry policy or documented as unsigned", () => {
    const senders = (Object.entries(verificationPresets) as [string, PresetInfo][]).filter(
      ([, p]) => p.group !== "Generic",
    );
    expect(senders.length).toBeGreaterThanOrEqual(20);
    for (const [name, p] of senders) {
      expect(p.docs, name).toMatch(/^https:\/\//);
      if (p.deliveryPolicy) expect(p.deliveryPolicy.source, name).toMatch(/^https:\/\//);
    }
    expect(verificationPresets.shopify.deliveryPolicy).toMatchObject({
      attempts: 8,
      windowSeconds: 14_400,
      endAction: "removes",
    });
    expect(verificationPresets.stripe.staleGuard).toEqual({ objectIdPath: "data.object.id", versionPath: "created" });
  });
});
