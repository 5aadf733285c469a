// Example deliveries of the commerce senders (types.ts).
import type { SenderSample } from "./types";

const shopifyOrder = {
  id: 820982911946154500,
  name: "#1042",
  email: "ada@example.com",
  created_at: "2026-12-06T00:00:00-05:00",
  updated_at: "2026-12-06T00:00:05-05:00",
  currency: "EUR",
  total_price: "42.00",
  financial_status: "paid",
  fulfillment_status: null,
  customer: { id: 115310627314723950, first_name: "Ada", last_name: "Lovelace" },
  line_items: [{ id: 866550311766439000, sku: "MUG-1", title: "Mug", quantity: 2, price: "21.00" }],
  shipping_address: { city: "Zürich", country_code: "CH", zip: "8001" },
};

const shopifyHeaders = (topic: string) => ({
  "x-shopify-topic": topic,
  "x-shopify-shop-domain": "example.myshopify.com",
  "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
  "x-shopify-triggered-at": "2026-12-06T05:00:05.000Z",
  "x-shopify-api-version": "2025-10",
});

export const shopify: SenderSample[] = [
  { event: "orders/create", headers: shopifyHeaders("orders/create"), body: shopifyOrder },
  {
    event: "orders/updated",
    headers: shopifyHeaders("orders/updated"),
    body: { ...shopifyOrder, fulfillment_status: "fulfilled" },
  },
];

export const woocommerce: SenderSample[] = [
  {
    event: "order.updated",
    headers: { "x-wc-webhook-topic": "order.updated", "x-wc-webhook-source": "https://shop.example.com/" },
    body: {
      id: 731,
      number: "731",
      status: "processing",
      currency: "EUR",
      total: "42.00",
      date_modified_gmt: "2026-12-06T05:00:00",
      billing: { first_name: "Ada", last_name: "Lovelace", email: "ada@example.com" },
      line_items: [{ id: 315, name: "Mug", sku: "MUG-1", quantity: 2, total: "42.00" }],
    },
  },
];

export const yotpo: SenderSample[] = [
  {
    event: "review_created",
    body: {
      event: "review_created",
      data: { id: 3211, score: 5, title: "Great mug", content: "Keeps coffee hot.", product_id: "MUG-1" },
    },
  },
];

export const spocket: SenderSample[] = [
  {
    event: "order.shipped",
    body: { event: "order.shipped", order: { id: "SPK-1042", tracking_number: "1Z999AA10123456784" } },
  },
];
