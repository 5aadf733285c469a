// A Stripe-shaped event (https://docs.stripe.com/api/events/object), as a sender would post it.
export function stripeLikeEvent(amount: number, id = `evt_${Math.random().toString(36).slice(2, 14)}`) {
  return {
    id,
    object: "event",
    api_version: "2024-06-20",
    created: Math.floor(Date.now() / 1000),
    type: "payment_intent.succeeded",
    livemode: false,
    data: {
      object: {
        id: `pi_${id.slice(4)}`,
        object: "payment_intent",
        amount,
        currency: "usd",
        customer: "cus_Q1w2e3r4",
        receipt_email: "jenny@example.com",
        status: "succeeded",
      },
    },
  };
}

// A GitHub `issues` event body (https://docs.github.com/webhooks/webhook-events-and-payloads#issues).
export function githubIssueEvent(number = 1, action = "opened") {
  return {
    action,
    issue: { number, title: "Checkout fails on Safari", state: "open", user: { login: "octocat" } },
    repository: { full_name: "acme/shop", private: false },
    sender: { login: "octocat" },
  };
}

// A Shopify orders/create body (https://shopify.dev/docs/api/webhooks?reference=toml#list-of-topics-orders/create).
export function shopifyOrder(id = Math.floor(Math.random() * 1e12)) {
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    email: "jenny@example.com",
    currency: "EUR",
    total_price: "42.50",
    line_items: [{ id: id + 1, sku: "MUG-01", title: "Café mug ☕", quantity: 2, price: "21.25" }],
  };
}

// A Standard Webhooks message body: `type`, `timestamp` and `data` (https://www.standardwebhooks.com).
export function standardEvent(total = 1250, type = "invoice.paid") {
  return { type, timestamp: new Date().toISOString(), data: { total, note: "Zürich — 東京" } };
}
