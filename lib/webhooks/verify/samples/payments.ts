// Example deliveries of the payment senders (types.ts).
import type { SenderSample } from "./types";

export const stripe: SenderSample[] = [
  {
    event: "payment_intent.succeeded",
    body: {
      id: "evt_3QJ0a2LkdIwHu7ix0T7cF3qG",
      object: "event",
      api_version: "2024-06-20",
      created: 1733461200,
      type: "payment_intent.succeeded",
      livemode: false,
      data: {
        object: {
          id: "pi_3QJ0a2LkdIwHu7ix0b1ZL0gA",
          object: "payment_intent",
          amount: 4200,
          amount_received: 4200,
          currency: "eur",
          customer: "cus_RBp0Qe8WnIPmMA",
          receipt_email: "ada@example.com",
          status: "succeeded",
          metadata: { order_id: "1042" },
        },
      },
    },
  },
  {
    event: "customer.subscription.updated",
    body: {
      id: "evt_1QJ0b7LkdIwHu7ixQ3n5Rk8s",
      object: "event",
      created: 1733461300,
      type: "customer.subscription.updated",
      data: {
        object: {
          id: "sub_1QJ0b6LkdIwHu7ixmZqk5m1T",
          object: "subscription",
          customer: "cus_RBp0Qe8WnIPmMA",
          status: "active",
          current_period_end: 1736139700,
          items: { data: [{ price: { id: "price_1Pro", unit_amount: 1900, recurring: { interval: "month" } } }] },
        },
        previous_attributes: { status: "trialing" },
      },
    },
  },
];

export const paypal: SenderSample[] = [
  {
    event: "PAYMENT.CAPTURE.COMPLETED",
    body: {
      id: "WH-2WR32451HC0233532-67976317FL4543714",
      event_version: "1.0",
      create_time: "2026-12-06T05:00:00.000Z",
      resource_type: "capture",
      event_type: "PAYMENT.CAPTURE.COMPLETED",
      summary: "Payment completed for EUR 42.0 EUR",
      resource: {
        id: "42311647XV020574X",
        status: "COMPLETED",
        amount: { currency_code: "EUR", value: "42.00" },
        custom_id: "order-1042",
        create_time: "2026-12-06T04:59:58Z",
        update_time: "2026-12-06T05:00:00Z",
      },
    },
  },
];

export const square: SenderSample[] = [
  {
    event: "payment.updated",
    body: {
      merchant_id: "6SSW7HV8K2ST5",
      type: "payment.updated",
      event_id: "6a8f5f28-54a1-4eb0-a98a-3111513fd4fc",
      created_at: "2026-12-06T05:00:00.000Z",
      data: {
        type: "payment",
        id: "hYy9pRFVxpDsO1FB05SunFWUe9JZY",
        object: {
          payment: {
            id: "hYy9pRFVxpDsO1FB05SunFWUe9JZY",
            amount_money: { amount: 4200, currency: "EUR" },
            status: "COMPLETED",
            order_id: "03O3USaPaAaFnI6kkwB1JxGgBsUZY",
            updated_at: "2026-12-06T05:00:00.000Z",
            version: 3,
          },
        },
      },
    },
  },
];

export const paddle: SenderSample[] = [
  {
    event: "transaction.completed",
    body: {
      event_id: "evt_01hv8x2acma2gz4at1xq7w8e2h",
      notification_id: "ntf_01hv8x2af7fbrx6b3x4xezqk8s",
      event_type: "transaction.completed",
      occurred_at: "2026-12-06T05:00:00.000Z",
      data: {
        id: "txn_01hv8wptq8987qeep44cyrewp9",
        status: "completed",
        customer_id: "ctm_01hv6y1jedq4p1n0yqn5ba3ky4",
        currency_code: "EUR",
        details: { totals: { total: "4200", tax: "700" } },
        updated_at: "2026-12-06T05:00:00.000Z",
      },
    },
  },
  {
    event: "subscription.updated",
    body: {
      event_id: "evt_01hv8x3bbq8kmdf0f1mq0mcl2w",
      notification_id: "ntf_01hv8x3bd0tye8dxzyfgqs9a4n",
      event_type: "subscription.updated",
      occurred_at: "2026-12-06T05:01:00.000Z",
      data: {
        id: "sub_01hv8x29kz0t586xy6zn1a62ny",
        status: "active",
        customer_id: "ctm_01hv6y1jedq4p1n0yqn5ba3ky4",
        next_billed_at: "2027-01-06T05:00:00.000Z",
        updated_at: "2026-12-06T05:01:00.000Z",
      },
    },
  },
];

export const lemonSqueezy: SenderSample[] = [
  {
    event: "order_created",
    headers: { "x-event-name": "order_created" },
    body: {
      meta: { event_name: "order_created", custom_data: { user_id: "42" } },
      data: {
        type: "orders",
        id: "1042",
        attributes: {
          store_id: 11,
          user_email: "ada@example.com",
          total: 4200,
          currency: "EUR",
          status: "paid",
          created_at: "2026-12-06T05:00:00.000000Z",
          updated_at: "2026-12-06T05:00:00.000000Z",
        },
      },
    },
  },
];
