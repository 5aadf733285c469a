// The expressions the SDK registers (trigger `expression`, cancelOn `if`, concurrency `key`) as
// the embedded executor evaluates them, and the keys a run holds.
import { describe, expect, it } from "vitest";
import { evaluateBool, evaluateKey, matchPairs, parseExpression } from "@/lib/executor/expression";
import { concurrencyKeys, triggers } from "@/lib/executor/store";

const event = {
  id: "e1",
  name: "hookline/run.requested",
  ts: 1,
  data: { runId: "run_1", orderingKey: "ord-7", n: 3, nested: { ok: true } },
};

describe("expressions", () => {
  it("compares paths with literals and with the other event", () => {
    expect(
      evaluateBool("event.data.function_id == 'hookline-run-flow'", {
        event: { data: { function_id: "hookline-run-flow" } },
      }),
    ).toBe(true);
    expect(
      evaluateBool("event.data.function_id == 'hookline-run-flow'", { event: { data: { function_id: "other" } } }),
    ).toBe(false);
    expect(evaluateBool("event.data.runId == async.data.runId", { event, async: { data: { runId: "run_1" } } })).toBe(
      true,
    );
    expect(evaluateBool("event.data.runId == async.data.runId", { event, async: { data: {} } })).toBe(false);
    expect(evaluateBool("event.data.n == 3 && event.data.nested.ok == true", { event })).toBe(true);
    expect(evaluateBool('event.data.n != 3 || event.data.orderingKey == "ord-7"', { event })).toBe(true);
  });

  it("reads a key path, undefined when the event lacks it", () => {
    expect(evaluateKey("event.data.orderingKey", { event })).toBe("ord-7");
    expect(evaluateKey("event.data.concurrencyKey", { event })).toBeUndefined();
  });

  it.each([
    "event.data.x > 3",
    "size(event.data.items) == 2",
    "event.data.a ==",
    "data.x == 1",
    "event.data.a == 1 &&",
  ])("refuses %s", (src) => {
    expect(() => parseExpression(src)).toThrow(/Unsupported expression/);
  });

  it("finds the event/async path pairs of a cancelOn match", () => {
    expect(matchPairs("event.data.runId == async.data.runId")).toEqual([
      { eventPath: ["data", "runId"], asyncPath: ["async", "data", "runId"] },
    ]);
    expect(matchPairs("event.data.a == 'x'")).toBeNull();
  });
});

describe("concurrency keys and triggers", () => {
  const fn = (concurrency: unknown, extra: Record<string, unknown> = {}) => ({
    id: "app-f",
    triggers: [{ event: event.name }],
    steps: {},
    concurrency,
    ...extra,
  });

  it("gives a run one key per configured entry its event has a value for", () => {
    const keys = concurrencyKeys(
      fn([
        { key: "event.data.orderingKey", limit: 1 },
        { key: "event.data.concurrencyKey", limit: 1 },
      ]),
      event,
    );
    expect(keys).toEqual([{ key: 'fn:app-f#0:event.data.orderingKey="ord-7"', limit: 1 }]);
    expect(concurrencyKeys(fn(5), event)).toEqual([{ key: "fn:app-f#0", limit: 5 }]);
    expect(concurrencyKeys(fn({ limit: 0 }), event)).toEqual([]);
    expect(concurrencyKeys(fn(undefined), event)).toEqual([]);
  });

  it("matches triggers by name and expression", () => {
    expect(triggers(fn(undefined), event)).toBe(true);
    expect(
      triggers({ ...fn(undefined), triggers: [{ event: event.name, expression: "event.data.n == 4" }] }, event),
    ).toBe(false);
    expect(triggers({ ...fn(undefined), triggers: [{ event: "other" }] }, event)).toBe(false);
  });
});
