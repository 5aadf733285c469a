// Properties of `{{ }}` templates over generated data and text: only TemplateErrors escape, only
// own data comes out, plain text passes through, prototypes stay unreachable, work stays bounded.
import vm from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_RESOLVED, resolveDeep, resolveString, TemplateError } from "@/lib/flows/template";
import { MB } from "@/test/support/properties";

const RISKY_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "length"];

// JSON-like data whose keys include the dangerous names as *own* properties (as JSON.parse makes them).
const { data } = fc.letrec((tie) => ({
  data: fc.oneof(
    { depthSize: "small" },
    fc.jsonValue({ maxDepth: 0 }),
    tie("object"),
    fc.array(tie("data"), { maxLength: 3 }),
  ),
  object: fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom("a", "b", "0", "items", "key with space", ...RISKY_KEYS), fc.string({ maxLength: 4 })),
        tie("data"),
      ),
      { maxLength: 4 },
    )
    .map((entries) => Object.fromEntries(entries)),
}));

const fragment = fc.oneof(
  fc.constantFrom(
    "{{",
    "}}",
    "{{ ",
    " }}",
    " ",
    ".",
    "[",
    "]",
    '["',
    '"]',
    '"',
    "\\",
    "\n",
    "0",
    "a",
    "b",
    "items",
    "-",
    "$",
    "text ",
  ),
  fc.constantFrom(...RISKY_KEYS),
  fc.string({ maxLength: 3 }),
);
// Reference-shaped pieces, so generated templates get past the outer syntax into path parsing.
const quotedKey = fc
  .string({ unit: fc.constantFrom("a", " ", "\\", '"', "q", "u", "0", "n", "\n"), maxLength: 6 })
  .map((k) => `["${k}"]`);
const segment = fc.oneof(fc.constantFrom(".a", ".b", "[0]", ".0", ...RISKY_KEYS.map((k) => `.${k}`)), quotedKey);
const reference = fc
  .tuple(fc.constantFrom("a", "b", "items", ...RISKY_KEYS), fc.array(segment, { maxLength: 4 }))
  .map(([h, rest]) => `{{ ${h}${rest.join("")} }}`);
const template = fc.array(fc.oneof(fragment, reference), { maxLength: 16 }).map((parts) => parts.join(""));

/** Every value reachable from `root` through own properties, the root included. */
function reachable(root: unknown, into = new Set<unknown>([root])): Set<unknown> {
  if (root !== null && typeof root === "object") {
    for (const key of Object.getOwnPropertyNames(root)) {
      const value = (root as Record<string, unknown>)[key];
      into.add(value);
      reachable(value, into);
    }
  }
  return into;
}

describe("resolving any template against any data", () => {
  it("throws nothing but TemplateError and yields only text or the scope's own data", () => {
    fc.assert(
      fc.property(data, template, (scope, tpl) => {
        let value: unknown;
        try {
          value = resolveString(tpl, scope).value;
        } catch (e) {
          expect(e).toBeInstanceOf(TemplateError);
          return;
        }
        expect(typeof value).not.toBe("function");
        if (typeof value !== "string" && value !== undefined) expect(reachable(scope).has(value)).toBe(true);
      }),
      { numRuns: 1000, examples: [[{ a: {} }, '{{ a["\\q"] }}']] },
    );
  });

  it("returns text without {{ unchanged", () => {
    fc.assert(
      fc.property(
        data,
        fc.string({ unit: "grapheme", maxLength: 200 }).filter((s) => !s.includes("{{")),
        (scope, text) => {
          expect(resolveString(text, scope)).toEqual({ value: text, missing: [] });
        },
      ),
    );
  });

  it("reads {{ a.b }} exactly as an own-property access would", () => {
    fc.assert(
      fc.property(data, (a) => {
        const own = a !== null && typeof a === "object" && Object.prototype.hasOwnProperty.call(a, "b");
        expect(resolveString("{{ a.b }}", { a })).toEqual(
          own ? { value: (a as { b: unknown }).b, missing: [] } : { value: undefined, missing: ["a.b"] },
        );
      }),
    );
  });

  it('reads {{ a["any key"] }} exactly as an own-property access would', () => {
    const key = fc
      .oneof(fc.string({ unit: "grapheme" }), fc.constantFrom(...RISKY_KEYS))
      .filter((k) => !/[{}]/.test(k));
    fc.assert(
      fc.property(key, data, (k, v) => {
        const a = Object.fromEntries([[k, v]]);
        const blocked = ["__proto__", "constructor", "prototype"].includes(k);
        expect(resolveString(`{{ a[${JSON.stringify(k)}] }}`, { a }).value).toBe(blocked ? undefined : v);
      }),
    );
  });
});

describe("prototype members", () => {
  const segment = fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "valueOf",
    "hasOwnProperty",
    "a",
    "0",
  );
  const quoted = segment.map((s) => `["${s}"]`);
  const head = segment.filter((s) => s !== "0");
  const path = fc
    .tuple(
      head,
      fc.array(
        fc.oneof(
          segment.map((s) => `.${s}`),
          quoted,
        ),
        { maxLength: 5 },
      ),
    )
    .map(([head, rest]) => head + rest.join(""));

  it("are never reachable through any path", () => {
    const scope = { a: { 0: "zero", a: [1] } };
    fc.assert(
      fc.property(path, fc.boolean(), (p, inText) => {
        const { value } = resolveString(inText ? `x{{ ${p} }}x` : `{{ ${p} }}`, scope);
        const inherited = Object.getOwnPropertyNames(Object.prototype).map(
          (k) => (Object.prototype as unknown as Record<string, unknown>)[k],
        );
        expect(typeof value).not.toBe("function");
        expect([Object.prototype, Function.prototype, Array.prototype, ...inherited]).not.toContain(value);
        if (inText) expect(value).not.toMatch(/function|native code|\[object/);
      }),
      { numRuns: 500 },
    );
  });
});

describe("work on a 100k-character template", () => {
  // Run in a vm context whose timeout can stop a runaway regular expression, so a regression
  // fails this test instead of hanging the run. A linear resolver needs milliseconds.
  const outcome = (tpl: string): string => {
    const run = () => {
      try {
        resolveString(tpl, { a: 1 });
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
      }
    };
    try {
      vm.runInNewContext("run()", { run }, { timeout: 2_000 });
      return "finished";
    } catch (e) {
      return (e as Error).message;
    }
  };
  const fill = (unit: string) => unit.repeat(Math.floor(100_000 / unit.length));

  it.each([
    ["many references", fill("{{ a }}")],
    ["unclosed braces followed by spaces", "{{" + " ".repeat(99_998)],
    ["an unclosed reference padded with spaces", "{{ " + " ".repeat(49_000) + "a" + " ".repeat(50_000)],
    ["open braces only", fill("{")],
    ["open braces and dots", fill("{{ a.")],
    ["brackets and quotes", "{{ " + '["\\"'.repeat(24_000) + " }}"],
  ])("finishes with %s", (_, tpl) => {
    expect(tpl.length).toBeLessThanOrEqual(100_000);
    expect(outcome(tpl)).toBe("finished");
  });
});

describe("the text references insert", () => {
  it("stays within MAX_RESOLVED characters, or the template throws a TemplateError, however many references copy however large a value", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 2 * MB }),
        fc.constantFrom("string", "object"),
        (references, size, shape) => {
          const a = shape === "string" ? "x".repeat(size) : { s: "x".repeat(size) };
          const template = `<${"{{ a }}".repeat(references)}>`;
          try {
            expect((resolveString(template, { a }).value as string).length).toBeLessThanOrEqual(
              template.length + MAX_RESOLVED,
            );
          } catch (e) {
            expect(e).toBeInstanceOf(TemplateError);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("600 references to a 1 MB string throw a TemplateError, not a RangeError (14,000 to a 1 MB object ran out of memory)", () => {
    expect(() => resolveString("{{ a }}".repeat(600), { a: "x".repeat(MB) })).toThrow(TemplateError);
  });

  it("is one budget for all the strings of a resolveDeep: 40 strings of 1 MB each throw a TemplateError", () => {
    expect(() =>
      resolveDeep(
        Array.from({ length: 40 }, () => "x{{ a }}"),
        { a: "x".repeat(MB) },
      ),
    ).toThrow(TemplateError);
  });
});
