// Stripe against a local fake of its API: form-encoded bodies, the Bearer secret key, the
// Idempotency-Key (the engine's "<run>:<step>": a retried step is applied once), Stripe's
// error messages in the step, 429 with Retry-After.
import { describe, expect, it } from "vitest";
import { PermanentError, RetryLaterError } from "@/lib/engine/step-error";
import { failure, runAppNode, withFakeVendor, workspaceWithAccount } from "../support/fakes/app-test";
import { startFakeStripe, STRIPE_KEY } from "../support/fakes/stripe";

const vendor = withFakeVendor("stripe", startFakeStripe, { token: STRIPE_KEY });

describe("Stripe", () => {
  it("retrieves a customer (GET /v1/customers/:id with the secret key as Bearer)", async () => {
    const { output } = await runAppNode(
      "app:stripe.getCustomer",
      { credentialId: vendor.ws.credentialId, customerId: "cus_NffrFeUfNV2Hib" },
      vendor.ws,
    );
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe("GET /v1/customers/cus_NffrFeUfNV2Hib");
    expect(req.headers.authorization).toBe(`Bearer ${STRIPE_KEY}`);
    expect(req.headers["idempotency-key"]).toBeUndefined();
    expect(output).toEqual({
      id: "cus_NffrFeUfNV2Hib",
      email: "ada@example.com",
      name: "Ada",
      metadata: { tier: "gold" },
    });
  });

  it("an unknown customer shows Stripe's message, permanently", async () => {
    const err = await failure(
      runAppNode("app:stripe.getCustomer", { credentialId: vendor.ws.credentialId, customerId: "cus_nope" }, vendor.ws),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("No such customer: 'cus_nope'");
  });

  it("creates a refund form-encoded with the step's Idempotency-Key; a retried step is applied once", async () => {
    const config = {
      credentialId: vendor.ws.credentialId,
      paymentIntentId: "pi_3MtwBw",
      amount: "1500",
      reason: "requested_by_customer",
    };
    const first = await runAppNode("app:stripe.createRefund", config, {
      ...vendor.ws,
      runId: "run_r1",
      nodeId: "refund",
    });
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe("POST /v1/refunds");
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req.body).toBe("payment_intent=pi_3MtwBw&amount=1500&reason=requested_by_customer");
    expect(req.headers["idempotency-key"]).toBe("run_r1:refund");
    expect(first.output).toMatchObject({
      amount: 1500,
      currency: "usd",
      status: "succeeded",
      paymentIntent: "pi_3MtwBw",
    });
    const again = await runAppNode("app:stripe.createRefund", config, {
      ...vendor.ws,
      runId: "run_r1",
      nodeId: "refund",
    });
    expect(again.output).toEqual(first.output);
  });

  it("a refund above the charge shows Stripe's validation message", async () => {
    const err = await failure(
      runAppNode(
        "app:stripe.createRefund",
        { credentialId: vendor.ws.credentialId, paymentIntentId: "pi_3MtwBw", amount: "3000" },
        { ...vendor.ws, runId: "run_r2" },
      ),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Refund amount ($30.00) is greater than charge amount ($20.00)");
  });

  it("an amount that is not a whole number fails before anything is sent", async () => {
    const sent = vendor.fake.requests.length;
    const err = await failure(
      runAppNode(
        "app:stripe.createRefund",
        { credentialId: vendor.ws.credentialId, paymentIntentId: "pi_1", amount: "12.5" },
        vendor.ws,
      ),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Amount must be a positive whole number");
    expect(vendor.fake.requests.length).toBe(sent);
  });

  it("updates metadata as metadata[key] fields; 429 with Retry-After is retried later", async () => {
    vendor.fake.failNext(/^\/v1\/customers\//, {
      status: 429,
      headers: { "retry-after": "2" },
      body: { error: { type: "rate_limit_error", message: "Too many requests" } },
    });
    const config = {
      credentialId: vendor.ws.credentialId,
      customerId: "cus_NffrFeUfNV2Hib",
      metadata: "order=1001\ntier=",
    };
    const err = await failure(
      runAppNode("app:stripe.updateCustomerMetadata", config, { ...vendor.ws, runId: "run_m" }),
    );
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(2000);
    expect(err.message).toContain("Too many requests");
    const { output } = await runAppNode("app:stripe.updateCustomerMetadata", config, { ...vendor.ws, runId: "run_m" });
    expect(vendor.fake.requests.at(-1)!.body).toBe("metadata%5Border%5D=1001&metadata%5Btier%5D=");
    expect(output).toMatchObject({ metadata: { order: "1001" } });
  });

  it("a wrong key: Stripe's 401 message, permanent, the key not repeated", async () => {
    const bad = await workspaceWithAccount("stripe", { token: "sk_test_wrong_key_123456789" });
    const err = await failure(
      runAppNode("app:stripe.getCustomer", { credentialId: bad.credentialId, customerId: "cus_NffrFeUfNV2Hib" }, bad),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Invalid API Key provided");
    expect(`${err.message}${err.stack}`).not.toContain("sk_test_wrong_key_123456789");
  });
});
