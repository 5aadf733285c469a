// Logic: build a new object for the nodes after this one, from key → template mappings or from a
// JSONata expression (https://jsonata.org) evaluated over { trigger, nodes } within a time bound.
import { z } from "zod";
import { defineKind } from "../kind";

export const TRANSFORM_MAX_TIMEOUT_MS = 5000;
export const TRANSFORM_MAX_EXPRESSION = 10_000;

// A dotted path builds nested objects: "customer.email" → { customer: { email } }.
const mappingKey = z
  .string()
  .trim()
  .min(1, "Give the field name")
  .max(200)
  .regex(/^[^.\s][^.]*(\.[^.\s][^.]*)*$/, "Field names are separated by single dots")
  .refine(
    (k) => !k.split(".").some((p) => p === "__proto__" || p === "constructor" || p === "prototype"),
    "This field name is not allowed",
  );

export const transformNode = defineKind({
  type: "transform",
  label: "Transform",
  group: "Logic",
  icon: "transform",
  description: "Builds a new object from the data so far: field mappings, or a JSONata expression.",
  config: z
    .object({
      mode: z
        .enum(["mappings", "jsonata"])
        .meta({
          title: "Mode",
          description: "mappings: field → template; jsonata: one JSONata expression over { trigger, nodes }.",
        })
        .default("mappings"),
      mappings: z
        .array(
          z.object({
            key: mappingKey.meta({ title: "Field", description: "Dots nest: customer.email" }),
            value: z
              .string()
              .max(10_000)
              .meta({ title: "Value", description: "A template, e.g. {{ trigger.body.email }}" }),
          }),
        )
        .max(200)
        .meta({ title: "Fields" })
        .default([]),
      expression: z.string().max(TRANSFORM_MAX_EXPRESSION).meta({ title: "JSONata expression" }).default(""),
      // JSONata only: evaluation stops with an error after this long.
      timeoutMs: z
        .number()
        .int()
        .min(10)
        .max(TRANSFORM_MAX_TIMEOUT_MS)
        .meta({
          title: "Time limit (ms)",
          description: "JSONata only: stops the expression after this long (at most 5000).",
        })
        .default(1000),
    })
    .refine((c) => c.mode !== "jsonata" || c.expression.trim() !== "", {
      message: "Write the JSONata expression",
      path: ["expression"],
    })
    .refine((c) => c.mode !== "mappings" || c.mappings.length > 0, {
      message: "Add at least one field",
      path: ["mappings"],
    }),
  defaults: { mode: "mappings", mappings: [], expression: "", timeoutMs: 1000 },
  summary: (c) => {
    if (c.mode === "jsonata") {
      const e = c.expression.replace(/\s+/g, " ").trim();
      return `JSONata ${e.length > 36 ? `${e.slice(0, 35)}…` : e}`;
    }
    const keys = c.mappings.map((m) => m.key);
    return keys.length ? `{ ${keys.slice(0, 3).join(", ")}${keys.length > 3 ? ", …" : ""} }` : "No fields yet";
  },
  sideEffect: false,
});

export type TransformConfig = z.output<typeof transformNode.config>;
