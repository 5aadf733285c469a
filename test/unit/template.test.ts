// `{{ path }}` templates by example: path syntax, own-property lookup, typed lone references,
// interpolation and deep resolution. The properties live in template-properties.test.ts.
import { describe, expect, it } from "vitest";
import { lookup, parsePath, resolveDeep, resolveString, TemplateError } from "@/lib/flows/template";

const scope = {
  trigger: { body: { data: { object: { amount: 2000, currency: "usd", paid: false, meta: { plan: "pro" } } } } },
  nodes: { http_1: { status: 201, body: { items: [{ id: "it_1" }, { id: "it_2" }], "key with space": "spaced" } } },
  nothing: null,
};

describe("reference paths", () => {
  it.each([
    ["trigger.body.data.object.amount", ["trigger", "body", "data", "object", "amount"]],
    ["items[0].id", ["items", "0", "id"]],
    ["items.0.id", ["items", "0", "id"]],
    ['body["key with space"].x', ["body", "key with space", "x"]],
    ['a["say \\"hi\\""]', ["a", 'say "hi"']],
    ["$ref.node-1._x", ["$ref", "node-1", "_x"]],
    ["  a .b [ 1 ]", ["a", "b", "1"]],
  ])("splits %s", (expr, segments) => {
    expect(parsePath(expr)).toEqual(segments);
  });

  it.each([
    ["a..b", 'Invalid reference "a..b" at character 2'],
    ["1abc", 'Invalid reference "1abc" at character 1'],
    ["a[", 'Invalid reference "a[" at character 2'],
    ["a.b ", 'Invalid reference "a.b " at character 4'],
    ["a + b", 'Invalid reference "a + b" at character 2'],
  ])("rejects %j with its position", (expr, message) => {
    expect(() => parsePath(expr)).toThrow(new TemplateError(message));
  });

  it("rejects an empty reference", () => {
    expect(() => parsePath("")).toThrow(new TemplateError("Empty reference {{ }}"));
  });

  it("rejects a reference deeper than 64 segments", () => {
    expect(() => parsePath(Array.from({ length: 65 }, () => "a").join("."))).toThrow(/is too deep/);
    expect(parsePath(Array.from({ length: 64 }, () => "a").join("."))).toHaveLength(64);
  });

  // A quoted key is decoded with JSON.parse; an escape JSON does not know must still be a
  // TemplateError (the editor and the engine only expect that), not a raw SyntaxError.
  it.each(['a["\\q"]', 'a["\\u12"]', 'a["line\nbreak"]'])("reports the bad escape in %j as a TemplateError", (expr) => {
    expect(() => parsePath(expr)).toThrow(TemplateError);
  });
});

describe("looking up plain data", () => {
  it("reads own properties and array indexes", () => {
    expect(lookup(scope, ["nodes", "http_1", "body", "items", "1", "id"])).toEqual({ found: true, value: "it_2" });
    expect(lookup(scope, ["nothing"])).toEqual({ found: true, value: null });
  });

  it("reports where a path stops", () => {
    expect(lookup(scope, ["trigger", "body", "nope", "x"])).toEqual({ found: false, missingAt: "trigger.body.nope" });
    expect(lookup(scope, ["nothing", "x"])).toEqual({ found: false, missingAt: "nothing.x" });
    expect(lookup({ s: "text" }, ["s", "length"])).toEqual({ found: false, missingAt: "s.length" });
  });

  it.each(["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"])(
    "never reaches %s",
    (key) => {
      expect(lookup({}, [key])).toEqual({ found: false, missingAt: key });
      expect(lookup(scope, ["trigger", key])).toEqual({ found: false, missingAt: `trigger.${key}` });
      expect(lookup({ f: () => 1 }, ["f", key])).toMatchObject({ found: false });
    },
  );

  it("refuses prototype keys even when the data has them as its own", () => {
    const parsed = JSON.parse('{"__proto__": {"x": 1}, "constructor": "c", "prototype": "p"}') as unknown;
    for (const key of ["__proto__", "constructor", "prototype"])
      expect(lookup(parsed, [key])).toMatchObject({ found: false });
  });
});

describe("resolving a string", () => {
  it("keeps the type of a lone reference", () => {
    expect(resolveString("{{ trigger.body.data.object.amount }}", scope)).toEqual({ value: 2000, missing: [] });
    expect(resolveString("{{trigger.body.data.object.paid}}", scope)).toEqual({ value: false, missing: [] });
    expect(resolveString("{{ trigger.body.data.object.meta }}", scope)).toEqual({
      value: { plan: "pro" },
      missing: [],
    });
    expect(resolveString("{{ nodes.http_1.body.items }}", scope).value).toEqual([{ id: "it_1" }, { id: "it_2" }]);
  });

  it("interpolates references inside text, objects as JSON", () => {
    expect(
      resolveString("Paid {{ trigger.body.data.object.amount }} {{ trigger.body.data.object.currency }}", scope).value,
    ).toBe("Paid 2000 usd");
    expect(resolveString("meta={{ trigger.body.data.object.meta }};", scope).value).toBe('meta={"plan":"pro"};');
    expect(resolveString('{{ nodes.http_1.body["key with space"] }}!', scope).value).toBe("spaced!");
    expect(resolveString("[{{ nothing }}]", scope).value).toBe("[]");
  });

  it("reports missing paths and renders them empty", () => {
    expect(resolveString("{{ trigger.body.nope }}", scope)).toEqual({
      value: undefined,
      missing: ["trigger.body.nope"],
    });
    expect(resolveString("Hi {{ a.b }} and {{ toString }}!", scope)).toEqual({
      value: "Hi  and !",
      missing: ["a.b", "toString"],
    });
  });

  it("throws a TemplateError on bad syntax and on an oversized template", () => {
    expect(() => resolveString("{{ a..b }}", scope)).toThrow(TemplateError);
    expect(() => resolveString("x".repeat(100_001), scope)).toThrow(
      new TemplateError("Template longer than 100000 characters"),
    );
  });
});

describe("resolving a JSON body", () => {
  it("resolves every string, leaves keys and other values alone, and collects what is missing", () => {
    const body = {
      amount: "{{ trigger.body.data.object.amount }}",
      "{{ key }}": "note: {{ trigger.body.data.object.currency }}",
      lines: [{ id: "{{ nodes.http_1.body.items.0.id }}", qty: 2 }, "{{ missing.one }}", null, true],
    };
    expect(resolveDeep(body, scope)).toEqual({
      value: { amount: 2000, "{{ key }}": "note: usd", lines: [{ id: "it_1", qty: 2 }, undefined, null, true] },
      missing: ["missing.one"],
    });
  });

  it("refuses nesting deeper than 100 levels", () => {
    let deep: unknown = "{{ a }}";
    for (let i = 0; i < 101; i++) deep = [deep];
    expect(() => resolveDeep(deep, scope)).toThrow(new TemplateError("Template nested deeper than 100 levels"));
  });
});
