// Fake Stripe API: GET/POST /v1/customers/:id, POST /v1/refunds (form-encoded), Bearer secret key,
// errors as { error: { type, code, message, param } }, Idempotency-Key replays the first answer.
import { bearerOf, expectOr, startFakeVendor, type FakeAnswer } from "./harness";

export const STRIPE_KEY = "sk_test_51FakeStripeSecretKey000111";

const invalid = (message: string, param: string): FakeAnswer => ({
  status: 400,
  body: { error: { type: "invalid_request_error", code: "parameter_invalid", message, param } },
});

export async function startFakeStripe() {
  const replays = new Map<string, FakeAnswer>();
  const metadata: Record<string, string> = { tier: "gold" };
  const customer = () => ({
    id: "cus_NffrFeUfNV2Hib",
    object: "customer",
    email: "ada@example.com",
    name: "Ada",
    metadata,
  });
  const once = (key: string | string[] | undefined, answer: () => FakeAnswer): FakeAnswer => {
    const k = typeof key === "string" ? key : "";
    if (k && replays.has(k)) return replays.get(k)!;
    const a = answer();
    if (k) replays.set(k, a);
    return a;
  };
  const fake = await startFakeVendor({
    authorized: (r) => bearerOf(r) === STRIPE_KEY,
    unauthorized: {
      status: 401,
      body: { error: { type: "invalid_request_error", message: "Invalid API Key provided: sk_test_****" } },
    },
    routes: [
      {
        method: "GET",
        path: /^\/v1\/customers\/([^/]+)$/,
        handle: (_r, m) =>
          m[1] === "cus_NffrFeUfNV2Hib"
            ? { body: customer() }
            : {
                status: 404,
                body: {
                  error: {
                    type: "invalid_request_error",
                    code: "resource_missing",
                    message: `No such customer: '${m[1]}'`,
                    param: "id",
                  },
                },
              },
      },
      {
        method: "POST",
        path: /^\/v1\/customers\/([^/]+)$/,
        handle: (r) =>
          once(r.headers["idempotency-key"], () => {
            for (const [k, v] of r.form) {
              const key = /^metadata\[(.+)\]$/.exec(k)?.[1];
              expectOr(Boolean(key), invalid(`Received unknown parameter: ${k}`, k));
              if (v === "") delete metadata[key!];
              else metadata[key!] = v;
            }
            return { body: customer() };
          }),
      },
      {
        method: "POST",
        path: /^\/v1\/refunds$/,
        handle: (r) =>
          once(r.headers["idempotency-key"], () => {
            const pi = r.form.get("payment_intent") ?? "";
            expectOr(pi.startsWith("pi_"), invalid(`No such payment_intent: '${pi}'`, "payment_intent"));
            const amount = r.form.get("amount");
            expectOr(
              amount === null || Number(amount) <= 2000,
              invalid("Refund amount ($30.00) is greater than charge amount ($20.00)", "amount"),
            );
            return {
              body: {
                id: `re_${replays.size + 1}`,
                object: "refund",
                amount: amount === null ? 2000 : Number(amount),
                currency: "usd",
                payment_intent: pi,
                reason: r.form.get("reason"),
                status: "succeeded",
              },
            };
          }),
      },
    ],
  });
  return { ...fake, metadata };
}
