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
