// Properties of the public body parsers (lib/deliveries/parse-body.ts, lib/webhooks/read-body.ts) over generated
// and adversarial bodies: a value or a short error for every input, never a throw; JSON nested past
// the limit refused; no entity ever expanded; no key reaching Object.prototype; bounded work.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDepth, MAX_JSON_DEPTH, parseBody, type ParsedBody } from "@/lib/deliveries/parse-body";
import { readLimited } from "@/lib/webhooks/read-body";
import { finishes, MB, nesting, POLLUTING_KEYS, prototypeNames, repeat, textOf } from "@/test/support/properties";

const enc = (s: string) => new TextEncoder().encode(s);
// "Malformed XML: " + 200 characters of the parser's message + "…".
const MAX_MESSAGE = 230;
// fast-xml-parser refuses more than 100 nested tags; an element's attributes or text add a level.
const MAX_XML_NESTING = 102;

const JSON_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/vnd.api+json",
  "text/json",
  "APPLICATION/JSON",
];
const XML_TYPES = ["application/xml", "text/xml; charset=utf-8", "application/atom+xml", "application/soap+xml"];
const FORM_TYPES = ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8"];
const OTHER_TYPES = [
  "text/plain",
  "application/octet-stream",
  "multipart/form-data; boundary=x",
  "",
  "application/jsonx",
  "xml",
];
const contentType = fc.oneof(
  fc.constantFrom<string | null>(...JSON_TYPES, ...XML_TYPES, ...FORM_TYPES, ...OTHER_TYPES, null),
  fc.string({ maxLength: 30 }),
);

const JSON_UNITS = [
  "{",
  "}",
  "[",
  "]",
  '"',
  "\\",
  ":",
  ",",
  "1",
  "-",
  "e",
  "true",
  "null",
  '"a"',
  "\\u00",
  "\\ud800",
  " ",
  "\n",
  "\u2028",
  "é",
];
const XML_UNITS = [
  "<",
  ">",
  "</",
  "/>",
  "<a>",
  "</a>",
  "<?xml",
  "?>",
  "<!--",
  "-->",
  "<![CDATA[",
  "]]>",
  "<!DOCTYPE",
  "<!ENTITY",
  "&",
  ";",
  "&lt;",
  "&#",
  '"',
  "'",
  "=",
  " ",
  "a",
  "__proto__",
  "constructor",
];
const FORM_UNITS = ["&", "=", "%", "%2", "%zz", "%00", "+", "a", "__proto__", "[", "]", "é"];
const body = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.json({ maxDepth: 4 }).map(enc),
  textOf(JSON_UNITS).map(enc),
  textOf(XML_UNITS).map(enc),
  textOf(FORM_UNITS).map(enc),
);

/** What an answer must look like: a value of the type's kind, or (for JSON and XML) a short error. */
function expectWellFormed(parsed: ParsedBody, type: string | null) {
  if (parsed.kind === "error") {
    expect(parsed.message.length).toBeGreaterThan(0);
    expect(parsed.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(type ?? "").toMatch(/json|xml/i);
    return;
  }
  if (parsed.kind === "json") expect(nesting(parsed.value)).toBeLessThanOrEqual(MAX_JSON_DEPTH);
  if (parsed.kind === "xml") expect(nesting(parsed.value)).toBeLessThanOrEqual(MAX_XML_NESTING);
  if (parsed.kind === "form") expect(Object.values(parsed.value).every((v) => typeof v === "string")).toBe(true);
}

describe("parsing any body under any content type", () => {
  it("answers a value of the type's kind or a short error, never throws, never touches Object.prototype", () => {
    const before = prototypeNames();
    fc.assert(
      fc.property(contentType, body, (type, bytes) => {
        expectWellFormed(parseBody(type, bytes), type);
        expect(prototypeNames()).toBe(before);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads any JSON document back as JSON.parse does", () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 6 }),
        fc.constantFrom(undefined, 2, "\t"),
        fc.constantFrom(...JSON_TYPES),
        (value, indent, type) => {
          const text = JSON.stringify(value, null, indent);
          expect(parseBody(type, enc(text))).toEqual({ kind: "json", value: JSON.parse(text) });
        },
      ),
    );
  });

  it("keeps every form field as a string, whatever the encoding", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" })), { maxLength: 8 }),
        (fields) => {
          const parsed = parseBody("application/x-www-form-urlencoded", enc(new URLSearchParams(fields).toString()));
          expect(parsed).toEqual({
            kind: "form",
            value: Object.fromEntries(fields.map(([k, v]) => [k.toWellFormed(), v.toWellFormed()])),
          });
        },
      ),
    );
  });
});

describe("JSON nesting", () => {
  // A document nested exactly `depth` deep, whose keys and strings are full of brackets, quotes and
  // backslashes (which must not count), built as text so the depth is known without parsing it.
  const tricky = fc.string({ unit: fc.constantFrom("[", "{", "]", "}", '"', "\\", "a", "é"), maxLength: 40 });
  const deepDocument = fc
    .tuple(
      fc.integer({ min: 1, max: 2 * MAX_JSON_DEPTH + 2 }),
      tricky,
      fc.array(fc.tuple(fc.boolean(), tricky), { minLength: 1, maxLength: 16 }),
    )
    .map(([depth, leaf, shapes]) => {
      let value: unknown = leaf;
      for (let d = 0; d < depth; d++) {
        const [asArray, key] = shapes[d % shapes.length]!;
        value = asArray ? [value, leaf] : { [key]: value };
      }
      return { depth, text: JSON.stringify(value) };
    });

  it("accepts a document nested up to 64 levels and refuses any deeper, whatever its strings hold", () => {
    fc.assert(
      fc.property(deepDocument, ({ depth, text }) => {
        const parsed = parseBody("application/json", enc(text));
        if (depth <= MAX_JSON_DEPTH) {
          expect(jsonDepth(enc(text))).toBe(depth);
          expect(parsed).toEqual({ kind: "json", value: JSON.parse(text) });
        } else {
          expect(parsed).toEqual({ kind: "error", message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` });
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("prototype pollution", () => {
  const key = fc.constantFrom(...POLLUTING_KEYS, "polluted", "a");
  const path = fc.array(key, { minLength: 1, maxLength: 4 });

  it("no __proto__ or constructor.prototype path in a JSON, form or XML body reaches Object.prototype", () => {
    const before = prototypeNames();
    fc.assert(
      fc.property(path, fc.constantFrom("json", "form", "xml-tags", "xml-attributes"), (keys, shape) => {
        const [type, text] =
          shape === "json"
            ? [
                "application/json",
                keys.reduceRight((inner, k) => `{${JSON.stringify(k)}:${inner}}`, '{"polluted":"yes"}'),
              ]
            : shape === "form"
              ? [
                  "application/x-www-form-urlencoded",
                  `${keys[0]}${keys
                    .slice(1)
                    .map((k) => `[${k}]`)
                    .join("")}[polluted]=yes&${keys.join(".")}=yes`,
                ]
              : shape === "xml-tags"
                ? [
                    "application/xml",
                    `${keys.map((k) => `<${k}>`).join("")}<polluted>yes</polluted>${keys
                      .map((k) => `</${k}>`)
                      .reverse()
                      .join("")}`,
                  ]
                : [
                    "application/xml",
                    `<a ${keys.map((k, i) => `${k}${"_".repeat(i)}="yes"`).join(" ")} polluted="yes"/>`,
                  ];
        const parsed = parseBody(type, enc(text));
        expectWellFormed(parsed, type);
        expect(prototypeNames()).toBe(before);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        // JSON.parse makes "__proto__" an own key of the object that holds it, nothing more.
        if (shape === "json" && parsed.kind === "json")
          expect(Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
      }),
      { numRuns: 500 },
    );
  });
});

describe("XML entities", () => {
  // "Billion laughs": each entity is `fanOut` references to the one before; fully expanded, the
  // last would be fanOut^levels copies of the first.
  const laughs = fc.record({
    levels: fc.integer({ min: 1, max: 10 }),
    fanOut: fc.integer({ min: 1, max: 12 }),
    name: fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/),
    external: fc.boolean(),
  });

  it("are never expanded, however the declarations nest", () => {
    fc.assert(
      fc.property(laughs, ({ levels, fanOut, name, external }) => {
        const decls = [external ? `<!ENTITY ${name}0 SYSTEM "file:///etc/passwd">` : `<!ENTITY ${name}0 "lol">`];
        for (let l = 1; l <= levels; l++) decls.push(`<!ENTITY ${name}${l} "${`&${name}${l - 1};`.repeat(fanOut)}">`);
        const xml = `<?xml version="1.0"?><!DOCTYPE r [${decls.join("")}]><r>&${name}${levels};</r>`;
        const parsed = parseBody("application/xml", enc(xml));
        expectWellFormed(parsed, "application/xml");
        if (parsed.kind === "xml") {
          expect(parsed.value).toMatchObject({ r: `&${name}${levels};` });
          expect(JSON.stringify(parsed.value).length).toBeLessThan(xml.length + 100);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("a parser's message", () => {
  it("quotes at most 200 characters of the input: a 1 MB DOCTYPE name is not echoed whole", () => {
    // fast-xml-parser's message quotes the name whole: it went into the 400 answer and the log.
    for (const decl of ["ELEMENT", "ENTITY", "NOTATION"]) {
      const parsed = parseBody("application/xml", enc(`<!DOCTYPE a [<!${decl} ${"!".repeat(MB)} x>]><a/>`));
      expect(parsed.kind).toBe("error");
      expect(parsed.kind === "error" && parsed.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
    }
  });
});

describe("work on a 1 MB adversarial body", () => {
  const cases: Array<[string, string, string]> = [
    ["JSON: open brackets", "application/json", repeat("[", MB)],
    ["JSON: open objects", "application/json", repeat('{"a":', MB)],
    ["JSON: brackets closed early", "application/json", repeat("]", MB / 2) + repeat("[", MB / 2)],
    ["JSON: a string of backslashes", "application/json", `"${repeat("\\\\", MB)}"`],
    ["JSON: escaped quotes", "application/json", `["${repeat('\\"', MB)}`],
    ["JSON: many short strings", "application/json", `[${repeat('"a",', MB)}"a"]`],
    ["JSON: quotes only", "application/json", repeat('"', MB)],
    ["JSON: a long number", "application/json", repeat("1", MB) + "x"],
    ["JSON: many separators", "application/json", `[${repeat(",", MB)}]`],
    ["XML: nested tags", "application/xml", repeat("<a>", MB)],
    [
      "XML: many attributes",
      "application/xml",
      `<a ${Array.from({ length: 60_000 }, (_, i) => `b${i}="1"`).join(" ")}/>`,
    ],
    ["XML: many elements", "application/xml", `<r>${repeat("<a>1</a>", MB)}</r>`],
    ["XML: unclosed comments", "application/xml", repeat("<!--", MB)],
    ["XML: entity declarations", "application/xml", `<!DOCTYPE a [${repeat('<!ENTITY a "b">', MB)}]><a/>`],
    ["XML: references", "application/xml", `<a>${repeat("&a;", MB)}</a>`],
    ["XML: open angles", "application/xml", repeat("<", MB)],
    ["form: separators", "application/x-www-form-urlencoded", repeat("&=", MB)],
    ["form: bad escapes", "application/x-www-form-urlencoded", repeat("%zz%", MB)],
    ["form: one long value", "application/x-www-form-urlencoded", `a=${repeat("%41", MB)}`],
  ];

  it.each(cases)("finishes with a bounded answer: %s", (_, type, text) => {
    const bytes = enc(text);
    let parsed: ParsedBody | undefined;
    expect(finishes(() => (parsed = parseBody(type, bytes)))).toBe("finished");
    expectWellFormed(parsed!, type);
  });
});

describe("reading a body within a limit", () => {
  it("keeps the first `limit` bytes of any chunking and says whether it cut", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 12 }),
        fc.nat(400),
        async (parts, limit) => {
          const whole = Buffer.concat(parts);
          const r = await readLimited(
            (async function* () {
              yield* parts;
            })(),
            limit,
          );
          expect(Buffer.from(r.body).equals(whole.subarray(0, limit))).toBe(true);
          expect(r.truncated).toBe(whole.length > limit);
        },
      ),
    );
  });
});
