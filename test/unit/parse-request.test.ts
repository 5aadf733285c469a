// A stored delivery as the flow sees it in `trigger`: the body parsed by its content type, the
// query string as fields, headers as stored, the time as ISO text.
import { describe, expect, it } from "vitest";
import { parseRequest } from "@/lib/deliveries/parse-request";

const receivedAt = new Date("2026-11-22T13:14:06.000Z");
const delivery = (
  body: string | Uint8Array,
  contentType: string | null,
  extra: { query?: string; headers?: Record<string, string> } = {},
) => ({
  method: "POST",
  headers: JSON.stringify(extra.headers ?? { "content-type": contentType ?? "" }),
  query: extra.query ?? "",
  body: typeof body === "string" ? new TextEncoder().encode(body) : body,
  contentType,
  receivedAt,
});

describe("the request body", () => {
  it("parses JSON", () => {
    const event = {
      id: "evt_1",
      type: "payment_intent.succeeded",
      data: { object: { amount: 2000, currency: "usd" } },
    };
    expect(parseRequest(delivery(JSON.stringify(event), "application/json")).body).toEqual(event);
  });

  it.each(["application/json; charset=utf-8", "Application/JSON", "application/vnd.api+json", "text/json"])(
    "parses JSON sent as %s",
    (type) => {
      expect(parseRequest(delivery('{"a":[1,2]}', type)).body).toEqual({ a: [1, 2] });
    },
  );

  it("keeps malformed JSON as text", () => {
    expect(parseRequest(delivery('{"amount": 20', "application/json")).body).toBe('{"amount": 20');
  });

  it("turns form fields into an object", () => {
    const body = "email=ada%40example.com&name=Ada+Lovelace&empty=&plan=pro";
    expect(parseRequest(delivery(body, "application/x-www-form-urlencoded; charset=UTF-8")).body).toEqual({
      email: "ada@example.com",
      name: "Ada Lovelace",
      empty: "",
      plan: "pro",
    });
  });

  it.each([
    ["text/plain", "hello, flow"],
    [null, '{"looks":"like json"}'],
  ])("keeps a %s body as text", (type, text) => {
    expect(parseRequest(delivery(text, type)).body).toBe(text);
  });

  it("parses XML the way ingest does (entities left as they are)", () => {
    const xml = "<order><id>1001</id><note>&amp; more</note></order>";
    expect(parseRequest(delivery(xml, "application/xml")).body).toEqual({ order: { id: 1001, note: "&amp; more" } });
  });

  it("decodes the bytes as UTF-8", () => {
    const bytes = new TextEncoder().encode('{"name":"Zoë ☕"}');
    expect(parseRequest(delivery(bytes, "application/json")).body).toEqual({ name: "Zoë ☕" });
    expect(parseRequest(delivery(new Uint8Array(), "text/plain")).body).toBe("");
  });
});

describe("the rest of the request", () => {
  it("reads the query string, headers, method and time", () => {
    const parsed = parseRequest(
      delivery("{}", "application/json", {
        query: "source=stripe&tag=a%20b&empty=",
        headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=abc" },
      }),
    );
    expect(parsed).toEqual({
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=abc" },
      query: { source: "stripe", tag: "a b", empty: "" },
      body: {},
      receivedAt: "2026-11-22T13:14:06.000Z",
    });
  });

  it("accepts a query string with a leading ?, and none at all", () => {
    expect(parseRequest(delivery("", "text/plain", { query: "?x=1" })).query).toEqual({ x: "1" });
    expect(parseRequest(delivery("", "text/plain", { query: "" })).query).toEqual({});
  });

  it("keeps the last value of a repeated field", () => {
    expect(parseRequest(delivery("a=1&a=2", "application/x-www-form-urlencoded", { query: "p=1&p=2" }))).toMatchObject({
      body: { a: "2" },
      query: { p: "2" },
    });
  });
});
