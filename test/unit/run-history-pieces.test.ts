// Pure pieces of the run history: payload search tokens, the dry-run line diff, percentiles,
// id-time bounds and the list filter's query string.
import { describe, expect, it } from "vitest";
import { diffLines } from "@/components/runs/text-diff";
import { filterParams, runListQuery } from "@/lib/api/run-filter";
import { bodyTokens, normalizeToken, MAX_TOKENS_PER_RUN } from "@/lib/runs/search-tokens";
import { ago, percentile } from "@/lib/runs/overview";
import { idAt, idTime } from "@/lib/runs/sql";

describe("payload search tokens", () => {
  it("takes every scalar value of a JSON body, normalized, once", () => {
    const body = JSON.stringify({
      id: "evt_1",
      data: {
        object: {
          customer: "CUS_Abc",
          amount: 1999,
          paid: true,
          note: null,
          tags: ["VIP", "vip"],
          order: { number: 1001 },
        },
      },
    });
    expect(bodyTokens(body, "application/json").sort()).toEqual(["1001", "1999", "cus_abc", "evt_1", "vip"]);
  });
  it("reads form bodies (and JSON inside a form field, as Shopify/Slack send) and words of text or XML", () => {
    expect(
      bodyTokens(
        "email=Jenny%40Example.com&payload=%7B%22order%22%3A%22A-77%22%7D",
        "application/x-www-form-urlencoded",
      ).sort(),
    ).toEqual(["a-77", "jenny@example.com", '{"order":"a-77"}']);
    expect(bodyTokens("<order><id>A-77</id><email>j@x.io</email></order>", "application/xml").sort()).toEqual([
      "a-77",
      "j@x.io",
    ]);
  });
  it("skips one-character values, cuts long ones, and bounds the count", () => {
    expect(normalizeToken(" x ")).toBeNull();
    expect(normalizeToken("y".repeat(500))).toHaveLength(200);
    const many = JSON.stringify(Array.from({ length: 1000 }, (_, i) => `v${i}`));
    expect(bodyTokens(many, "application/json")).toHaveLength(MAX_TOKENS_PER_RUN);
  });
  it("takes NUL characters out of a value (PostgreSQL text cannot hold them)", () => {
    expect(normalizeToken("cus_\u0000Abc")).toBe("cus_abc");
    expect(bodyTokens(JSON.stringify({ a: "x\u0000y\u0000", b: "\u0000\u0000" }), "application/json")).toEqual(["xy"]);
  });
  it("survives a body that is not what its content type says", () => {
    expect(bodyTokens("{not json", "application/json")).toEqual(["not", "json"]);
    expect(bodyTokens(Buffer.from([0xff, 0xfe, 0x41, 0x42]), null)).toHaveLength(1);
  });
});

describe("dry-run diff", () => {
  it("marks removed and added lines around the common ones", () => {
    expect(diffLines("a\nb\nc", "a\nB\nc\nd")).toEqual([
      { kind: "same", text: "a" },
      { kind: "del", text: "b" },
      { kind: "add", text: "B" },
      { kind: "same", text: "c" },
      { kind: "add", text: "d" },
    ]);
    expect(diffLines("same", "same").every((l) => l.kind === "same")).toBe(true);
  });
});

describe("overview and id helpers", () => {
  it("percentiles by nearest rank", () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 0.5)).toBe(50);
    expect(percentile(xs, 0.95)).toBe(95);
    expect(percentile([], 0.5)).toBeNull();
    expect(ago(2 * 3_600_000)).toBe("2 h ago");
  });
  it("turns a time into the smallest id of that millisecond and back", () => {
    const ms = Date.UTC(2026, 10, 22, 12);
    expect(idTime(`${idAt("run", ms)}abcdefghijkl`)).toBe(ms);
    expect(idAt("run", ms) < idAt("run", ms + 1)).toBe(true);
  });
  it("validates the list query and builds it from the filter controls", () => {
    const q = runListQuery.parse({ status: "failed,running", from: "2026-11-01T00:00:00Z", limit: "10" });
    expect(q.status).toEqual(["failed", "running"]);
    expect(q.from).toBeInstanceOf(Date);
    expect(runListQuery.safeParse({ status: "exploded" }).success).toBe(false);
    const p = filterParams({ status: "failed", range: "24h", q: " cus_1 ", eventType: "" }, Date.UTC(2026, 0, 2));
    expect(Object.fromEntries(p)).toEqual({ status: "failed", from: "2026-01-01T00:00:00.000Z", q: "cus_1" });
  });
});
