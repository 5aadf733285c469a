// Logic: follow one path. "if": a condition chooses the "true" or the "false" output. "switch": a
// value is compared with named cases; the first case that equals it is followed, else "default".
// Edges leaving a branch carry the output's id as `sourceHandle`.
import { z } from "zod";
import { completeCondition, conditionGroupSchema, conditionSummary, emptyConditionGroup } from "../condition";
import { defineKind } from "../kind";

export const SWITCH_DEFAULT = "default";

const caseSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the case")
    .max(40)
    .regex(/^[A-Za-z0-9_ .:-]+$/, "A case name may contain letters, digits, spaces and _ . : -")
    .refine((n) => n !== SWITCH_DEFAULT, `"${SWITCH_DEFAULT}" is the output for values no case matches`),
  // Compared with the switch value (loosely: "2000" equals 2000); may hold {{ references }}.
  value: z.string().max(2000),
});

export const branchNode = defineKind({
  type: "branch",
  label: "Branch",
  group: "Logic",
  icon: "branch",
  description: "If/else on a condition, or a switch on a value with named cases.",
  config: z
    .object({
      mode: z.enum(["if", "switch"]).default("if"),
      condition: conditionGroupSchema.default(emptyConditionGroup),
      value: z.string().max(2000).default(""),
      cases: z.array(caseSchema).max(50).default([]),
    })
    .superRefine((c, ctx) => {
      if (c.mode === "if") {
        const r = completeCondition.safeParse(c.condition);
        if (!r.success) for (const i of r.error.issues) ctx.addIssue({ ...i, path: ["condition", ...i.path] } as never);
        return;
      }
      if (c.value.trim() === "")
        ctx.addIssue({ code: "custom", path: ["value"], message: "Give the value to switch on" });
      if (c.cases.length === 0) ctx.addIssue({ code: "custom", path: ["cases"], message: "Add at least one case" });
      const seen = new Set<string>();
      c.cases.forEach((k, i) => {
        if (seen.has(k.name))
          ctx.addIssue({ code: "custom", path: ["cases", i, "name"], message: `Case "${k.name}" is named twice` });
        seen.add(k.name);
      });
    }),
  defaults: { mode: "if", condition: emptyConditionGroup(), value: "", cases: [] },
  summary: (c) =>
    c.mode === "if"
      ? `If ${conditionSummary(c.condition)}`
      : `Switch on ${c.value.replace(/\{\{\s*|\s*\}\}/g, "") || "…"} (${c.cases.length} cases)`,
  sideEffect: false,
  outputs: (c) =>
    c.mode === "if"
      ? [
          { id: "true", label: "True" },
          { id: "false", label: "False" },
        ]
      : [...(c.cases ?? []).map((k) => ({ id: k.name, label: k.name })), { id: SWITCH_DEFAULT, label: "Default" }],
});

export type BranchConfig = z.output<typeof branchNode.config>;
