// The schema → form mapping: every catalog kind gets a form with no JSON fallback for plain fields.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeSchema, emptyValue, humanize, type FieldSpec } from "@/components/canvas/schema-form/describe";
import { nodeCatalog } from "@/lib/nodes/catalog";

const fieldsOf = (spec: FieldSpec) =>
  spec.kind === "object" ? Object.fromEntries(spec.fields.map((f) => [f.key, f])) : {};

describe("describeSchema", () => {
  it("maps strings, numbers, booleans, enums, arrays and nested objects", () => {
    const spec = describeSchema(
      z.object({
        url: z.string().min(1).describe("Where to send it"),
        body: z.string().default(""),
        retries: z.number().int().min(0).max(5).default(3),
        ratio: z.number().optional(),
        on: z.boolean(),
        method: z.enum(["GET", "POST"]).default("POST"),
        mode: z.union([z.literal("a"), z.literal("b")]),
        tags: z.array(z.string()).default([]),
        rows: z.array(z.object({ name: z.string(), value: z.string() })),
        auth: z.object({ user: z.string() }).optional(),
        credentialId: z.string().optional(),
        extra: z.record(z.string(), z.unknown()),
        timeoutMs: z.string().transform((s) => s.length),
      }),
    );
    const f = fieldsOf(spec);
    expect(f.url).toMatchObject({
      label: "URL",
      description: "Where to send it",
      optional: false,
      spec: { kind: "string", multiline: false },
    });
    expect(f.body!.spec).toMatchObject({ kind: "string", multiline: true });
    expect(f.body!.defaultValue).toBe("");
    expect(f.retries).toMatchObject({
      optional: true,
      defaultValue: 3,
      spec: { kind: "number", int: true, min: 0, max: 5 },
    });
    expect(f.ratio).toMatchObject({ optional: true, spec: { kind: "number", int: false } });
    expect(f.on!.spec).toEqual({ kind: "boolean" });
    expect(f.method!.spec).toEqual({ kind: "enum", options: ["GET", "POST"] });
    expect(f.mode!.spec).toEqual({ kind: "enum", options: ["a", "b"] });
    expect(f.tags!.spec).toMatchObject({ kind: "array", item: { kind: "string" }, itemLabel: "Tag" });
    expect(f.rows!.spec).toMatchObject({ kind: "array", item: { kind: "object" }, itemLabel: "Row" });
    expect(f.auth!.spec.kind).toBe("object");
    expect(f.credentialId!.spec).toMatchObject({ kind: "string", credential: true });
    expect(f.extra!.spec).toEqual({ kind: "json" });
    expect(f.timeoutMs!.spec.kind).toBe("string");
  });

  it("reads meta: a credential type, a title, multiline", () => {
    const f = fieldsOf(
      describeSchema(
        z.object({
          token: z.string().meta({ credential: "bearer-token", title: "API token" }),
          note: z.string().meta({ multiline: true }),
        }),
      ),
    );
    expect(f.token).toMatchObject({ label: "API token", spec: { credential: "bearer-token" } });
    expect(f.note!.spec).toMatchObject({ multiline: true });
  });

  it("recognises condition groups, refined or not", () => {
    const f = fieldsOf(describeSchema(nodeCatalog.find((k) => k.type === "branch")!.config));
    expect(f.condition!.spec).toEqual({ kind: "condition" });
    expect(fieldsOf(describeSchema(nodeCatalog.find((k) => k.type === "filter")!.config)).condition!.spec).toEqual({
      kind: "condition",
    });
  });

  it("gives every catalog kind an object form", () => {
    for (const kind of nodeCatalog) expect(describeSchema(kind.config).kind, kind.type).toBe("object");
  });

  it("makes empty values that fit the field", () => {
    const spec = describeSchema(
      z.object({
        name: z.string(),
        n: z.number().min(2),
        on: z.boolean(),
        m: z.enum(["x", "y"]),
        opt: z.string().optional(),
        d: z.number().default(7),
      }),
    );
    expect(emptyValue(spec)).toEqual({ name: "", n: 2, on: false, m: "x", d: 7 });
    expect(humanize("maxBodyKb")).toBe("Max body KB");
    expect(humanize("apiUrl")).toBe("API URL");
    expect(humanize("order_id")).toBe("Order id");
  });
});

describe("JSON editor highlighting", () => {
  it("marks keys, values and {{ references }}, and keeps the text exactly", async () => {
    const { renderToStaticMarkup } = await import("react-dom/server");
    const { createElement, Fragment } = await import("react");
    const { highlightJson } = await import("@/components/canvas/json-editor");
    const text = '{"amount": "{{ trigger.body.amount }}", "n": 2, "ok": true, "x": null}';
    const html = renderToStaticMarkup(createElement(Fragment, null, ...highlightJson(text)));
    expect(html).toContain('<span class="text-sky-800">&quot;amount&quot;</span>');
    expect(html).toContain('<mark class="rounded bg-amber-100 text-amber-900">{{ trigger.body.amount }}</mark>');
    expect(html).toContain('<span class="text-violet-800">2</span>');
    expect(html).toContain('<span class="text-rose-800">true</span>');
    expect(html.replace(/<[^>]+>/g, "").replace(/&quot;/g, '"')).toBe(text);
    // JSON-ish string fields are drawn with it
    const f = fieldsOf(describeSchema(z.object({ body: z.string(), data: z.string(), name: z.string() })));
    expect(f.body!.spec).toMatchObject({ kind: "string", format: "json" });
    expect(f.data!.spec).toMatchObject({ format: "json" });
    expect(f.name!.spec).not.toHaveProperty("format");
  });
});
