// The pure parts of foresight: a body's shape, the fields a flow references, the drift rules and
// the health forecast's wording against a sender's delivery policy.
import { describe, expect, it } from "vitest";
import type { FlowDefinition } from "@/lib/flows/definition";
import { driftOf, type ShapeSample } from "@/lib/foresight/drift";
import { forecast } from "@/lib/foresight/health";
import { presenceLabel } from "@/lib/foresight/picker-presence";
import { referencedBodyPaths } from "@/lib/foresight/references";
import { MAX_PATHS, shapeOf } from "@/lib/foresight/shape";

describe("shapeOf", () => {
  it("lists every field with its JSON type, array items merged under []", () => {
    expect(shapeOf({ a: 1, b: { c: "x", d: null }, items: [{ sku: "1" }, { sku: "2", qty: 3 }], t: true })).toEqual({
      a: "number",
      b: "object",
      "b.c": "string",
      "b.d": "null",
      items: "array",
      "items.[]": "object",
      "items.[].sku": "string",
      "items.[].qty": "number",
      t: "boolean",
    });
  });

  it("is bounded in paths and depth", () => {
    const wide = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(shapeOf(wide))).toHaveLength(MAX_PATHS);
    let deep: unknown = "leaf";
    for (let i = 0; i < 50; i++) deep = { n: deep };
    expect(Object.keys(shapeOf(deep)).length).toBeLessThan(10);
  });
});

const def = (configs: Record<string, unknown>[], orderingKey?: string): FlowDefinition =>
  ({
    schemaVersion: 1,
    nodes: configs.map((config, i) => ({
      id: `n${i}`,
      type: "log",
      position: { x: 0, y: 0 },
      data: { label: `n${i}`, config },
    })),
    edges: [],
    ...(orderingKey ? { settings: { orderingKey } } : {}),
  }) as FlowDefinition;

describe("referencedBodyPaths", () => {
  it("reads templates, JSONata paths and the ordering key; not other nodes' outputs", () => {
    const d = def(
      [
        { message: "{{ trigger.body.customer.email }} {{ trigger.body.items[0].sku }} {{ nodes.x.body.id }}" },
        { expression: '{ "total": trigger.body.total_price }' },
        { cases: [{ value: '{{ trigger.body["odd key"] }}' }] },
        { message: "{{ trigger.headers.x }} {{ trigger.body }}" },
      ],
      "data.object.id",
    );
    expect(referencedBodyPaths(d)).toEqual([
      "customer.email",
      "data.object.id",
      "items.[].sku",
      "odd key",
      "total_price",
    ]);
  });
});

const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 10, i));
const samples = (bodies: unknown[]): ShapeSample[] => bodies.map((b, i) => ({ receivedAt: at(i), shape: shapeOf(b) }));

describe("driftOf", () => {
  const old = Array.from({ length: 12 }, () => ({ email: "a@b.c", amount: 1, note: "n" }));

  it("finds a referenced field gone missing, retyped or newly present, with since when", () => {
    const s = samples([...old, ...Array.from({ length: 3 }, () => ({ amount: "1", rare: 1 }))]);
    const drift = driftOf("order.created", s, ["email", "amount", "rare"]);
    expect(drift.map((d) => [d.path, d.change, d.since.toISOString()])).toEqual([
      ["email", "missing", at(12).toISOString()],
      ["amount", "retyped", at(12).toISOString()],
      ["rare", "added", at(12).toISOString()],
    ]);
    expect(drift[0]!.before).toEqual({ present: 12, of: 12, type: "string" });
  });

  it("ignores unreferenced fields, a single odd delivery, and too small a sample", () => {
    const changed = { amount: 1 };
    expect(driftOf("", samples([...old, changed, changed, changed]), ["amount"])).toEqual([]);
    expect(driftOf("", samples([...old, old[0], old[0], changed]), ["email"])).toEqual([]);
    expect(driftOf("", samples([...old.slice(0, 9), changed, changed, changed]), ["email"])).toEqual([]);
  });
});

describe("forecast", () => {
  const run = { rejected: 14, since: new Date(Date.UTC(2026, 0, 1, 10, 2)), reasons: { bad_signature: 14 } };
  const now = Date.UTC(2026, 0, 1, 12, 0);

  it("counts down to the sender's end action from the first rejection", () => {
    const f = forecast("shopify", run, now);
    expect(f.message).toBe(
      "Shopify will remove this webhook in about 2 h: 14 deliveries rejected since 10:02 UTC (bad signature)",
    );
    expect(f.deadline).toBe(new Date(Date.UTC(2026, 0, 1, 14, 2)).toISOString());
    expect(forecast("shopify", run, now + 3 * 3_600_000).message).toMatch(/^Shopify may already have removed/);
  });

  it("says what a sender without retries or without a known policy does", () => {
    expect(forecast("github", run, now).message).toMatch(/^GitHub does not retry: 14 deliveries/);
    expect(forecast("hmac", { ...run, reasons: { bad_signature: 10, rate_limited: 4 } }, now).message).toBe(
      "Custom HMAC is being refused: 14 deliveries rejected since 10:02 UTC (10 bad signature, 4 rate limited)",
    );
  });
});

describe("presenceLabel", () => {
  it("says how often a field was present", () => {
    expect(presenceLabel({ present: 97, of: 100, types: { string: 97 } }, 100)).toBe("missing in 3 of the last 100");
    expect(presenceLabel({ present: 100, of: 100, types: { string: 100 } }, 100)).toBe(
      "present in all of the last 100",
    );
    expect(presenceLabel(undefined, 100)).toBe("missing in all of the last 100");
  });
});
