// Stripe (REST, form-encoded bodies): retrieve a customer, create a refund, update a customer's
// metadata. Auth: the secret (or restricted) key as a bearer token. Every POST takes an
// Idempotency-Key header (https://docs.stripe.com/api/idempotent_requests).
import { z } from "zod";
import { optionalInteger, optionalText, pairs, requiredText, seg, text } from "../fields";
import { defineApp, defineOperation, type Idempotency } from "../types";

type Customer = { id?: string; email?: string | null; name?: string | null; metadata?: Record<string, string> };
type Refund = { id?: string; amount?: number; currency?: string; status?: string; payment_intent?: string | null };

const idempotencyKey: Idempotency = { kind: "header", header: "Idempotency-Key" };

const customerOutput = (body: unknown) => {
  const c = body as Customer;
  return { id: c.id, email: c.email ?? null, name: c.name ?? null, metadata: c.metadata ?? {} };
};

const getCustomer = defineOperation({
  id: "getCustomer",
  label: "Retrieve a customer",
  description: "Reads a Stripe customer by id (cus_…).",
  fields: z.object({ customerId: requiredText("Customer id", "cus_…") }),
  defaults: { customerId: "" },
  sideEffect: false,
  idempotency: { kind: "none", why: "A read" },
  request: (f) => ({ method: "GET", path: `/v1/customers/${seg(f.customerId, "Customer id")}` }),
  output: customerOutput,
});

const REASONS = ["", "duplicate", "fraudulent", "requested_by_customer"] as const;

const createRefund = defineOperation({
  id: "createRefund",
  label: "Create a refund",
  description: "Refunds a payment intent, in full or in part.",
  fields: z.object({
    paymentIntentId: requiredText("Payment intent id", "pi_…"),
    amount: optionalText("Amount", "In the smallest currency unit (cents); empty refunds everything"),
    reason: z.enum(REASONS).default(""),
  }),
  defaults: { paymentIntentId: "", amount: "", reason: "" },
  sideEffect: true,
  idempotency: idempotencyKey,
  request: (f) => {
    const form: Record<string, string> = { payment_intent: text(f.paymentIntentId) };
    const amount = optionalInteger(f.amount, "Amount");
    if (amount !== undefined) form.amount = String(amount);
    if (f.reason) form.reason = f.reason;
    return { method: "POST", path: "/v1/refunds", body: { form } };
  },
  output: (body) => {
    const r = body as Refund;
    return {
      id: r.id,
      amount: r.amount,
      currency: r.currency,
      status: r.status,
      paymentIntent: r.payment_intent ?? null,
    };
  },
});

const updateMetadata = defineOperation({
  id: "updateCustomerMetadata",
  label: "Update customer metadata",
  description: "Sets metadata keys on a customer (an empty value removes the key).",
  fields: z.object({
    customerId: requiredText("Customer id", "cus_…"),
    metadata: requiredText("Metadata", "One key=value per line, or a {{ reference }} to an object").meta({
      title: "Metadata",
      multiline: true,
    }),
  }),
  defaults: { customerId: "", metadata: "" },
  sideEffect: true,
  idempotency: idempotencyKey,
  request: (f) => {
    const form: Record<string, string> = {};
    for (const [k, v] of Object.entries(pairs(f.metadata, "Metadata"))) form[`metadata[${k}]`] = v;
    return { method: "POST", path: `/v1/customers/${seg(f.customerId, "Customer id")}`, body: { form } };
  },
  output: customerOutput,
});

export const stripe = defineApp({
  id: "stripe",
  name: "Stripe",
  logo: "/apps/stripe.svg",
  description: "Customers, refunds and metadata.",
  baseUrl: "https://api.stripe.com",
  auth: { kind: "bearer", label: "Secret key (sk_… or rk_…)" },
  operations: [getCustomer, createRefund, updateMetadata],
  errorMessage: (body) => (body as { error?: { message?: string } } | null)?.error?.message,
});
