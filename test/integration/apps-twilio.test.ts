// Twilio against a local fake of its API: the documented request (POST
// /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded To/From/Body, basic auth with the
// Account SID and auth token), no idempotency key (Twilio takes none), the clean output, Twilio's
// error message in the step, 429 with Retry-After.
import { describe, expect, it } from "vitest";
import { PermanentError, RetryLaterError } from "@/lib/engine/step-error";
import { failure, runAppNode, withFakeVendor, workspaceWithAccount } from "../support/fakes/app-test";
import { startFakeTwilio, TWILIO_SID, TWILIO_TOKEN } from "../support/fakes/twilio";

const SERVICE = "MG9752274e9e519418a7406176694466fa";

const vendor = withFakeVendor("twilio", startFakeTwilio, { username: TWILIO_SID, password: TWILIO_TOKEN });

const sms = (c: Record<string, unknown> = {}) => ({
  credentialId: vendor.ws.credentialId,
  accountSid: TWILIO_SID,
  to: "{{ trigger.body.phone }}",
  from: "+14155550100",
  body: "Order {{ trigger.body.order }} has shipped",
  ...c,
});
const scope = {
  trigger: { method: "POST", headers: {}, query: {}, body: { order: 1001, phone: "+14155550199" }, receivedAt: "" },
  nodes: {},
};

describe("Twilio: send an SMS", () => {
  it("sends the documented form with basic auth, no idempotency key; clean output; no secret in the input", async () => {
    const { input, output } = await runAppNode("app:twilio.sendSms", sms(), vendor.ws, scope);
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe(`POST /2010-04-01/Accounts/${TWILIO_SID}/Messages.json`);
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString("base64")}`);
    expect(req.headers["content-type"]).toMatch(/application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(req.form)).toEqual({
      To: "+14155550199",
      From: "+14155550100",
      Body: "Order 1001 has shipped",
    });
    expect(req.headers["idempotency-key"]).toBeUndefined();
    expect(output).toEqual({
      sid: "SM1f0e8ae6ade43cb3c0ce4525424e404f",
      status: "queued",
      to: "+14155550199",
      from: "+14155550100",
      messagingServiceSid: null,
      segments: 1,
      dateCreated: "Sun, 06 Dec 2026 05:00:00 +0000",
    });
    expect(JSON.stringify(input)).not.toContain(TWILIO_TOKEN);
  });

  it("a Messaging Service SID as the sender goes as MessagingServiceSid", async () => {
    const { output } = await runAppNode("app:twilio.sendSms", sms({ from: SERVICE }), vendor.ws, scope);
    const form = Object.fromEntries(vendor.fake.requests.at(-1)!.form);
    expect(form.MessagingServiceSid).toBe(SERVICE);
    expect(form.From).toBeUndefined();
    expect(output).toMatchObject({ messagingServiceSid: SERVICE, from: null });
  });

  it("a 400 shows Twilio's message and code and is permanent", async () => {
    const err = await failure(runAppNode("app:twilio.sendSms", sms({ to: "555-0199" }), vendor.ws, scope));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Twilio answered 400: Invalid 'To' Phone Number: 555-0199 (error 21211)");
  });

  it("a malformed Account SID is refused before anything is sent (no other path reachable)", async () => {
    const sent = vendor.fake.requests.length;
    const err = await failure(runAppNode("app:twilio.sendSms", sms({ accountSid: "../../Calls" }), vendor.ws, scope));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Account SID must be AC followed by 32 hex digits");
    expect(vendor.fake.requests.length).toBe(sent);
  });

  it("a 429 with Retry-After is retried later, and the retry succeeds", async () => {
    vendor.fake.failNext(/Messages\.json$/, {
      status: 429,
      headers: { "retry-after": "7" },
      body: {
        code: 20429,
        message: "Too Many Requests",
        more_info: "https://www.twilio.com/docs/errors/20429",
        status: 429,
      },
    });
    const err = await failure(runAppNode("app:twilio.sendSms", sms(), vendor.ws, scope));
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(7000);
    const again = await runAppNode("app:twilio.sendSms", sms(), vendor.ws, scope);
    expect(again.output).toMatchObject({ status: "queued" });
  });

  it("a wrong auth token fails permanently with Twilio's message, never the token", async () => {
    const bad = await workspaceWithAccount("twilio", { username: TWILIO_SID, password: "wrong-token-000000000000" });
    const err = await failure(runAppNode("app:twilio.sendSms", sms({ credentialId: bad.credentialId }), bad, scope));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toMatch(/answered 401: Authenticate \(error 20003\)/);
    expect(`${err.message}${err.stack}`).not.toContain("wrong-token-000000000000");
  });
});
