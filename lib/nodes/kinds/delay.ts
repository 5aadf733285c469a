// Logic: wait, durably (a sleep survives restarts; the run shows "sleeping"). Either a duration,
// or until a time taken from the data (a {{ reference }} to an ISO 8601 time or epoch milliseconds).
import { z } from "zod";
import { defineKind, hasTemplate } from "../kind";

export const delayUnits = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
export type DelayUnit = keyof typeof delayUnits;
export const MAX_DELAY_MS = 365 * 86_400_000;

export const delayNode = defineKind({
  type: "delay",
  label: "Delay",
  group: "Logic",
  icon: "delay",
  description: "Waits for a while, or until a time from the data, then goes on.",
  config: z
    .object({
      mode: z.enum(["duration", "until"]).default("duration"),
      amount: z.number().min(0).default(5),
      unit: z.enum(["seconds", "minutes", "hours", "days"]).default("minutes"),
      // ISO 8601 time (2026-12-01T09:00:00Z) or a {{ reference }} to one.
      until: z.string().trim().max(500).default(""),
    })
    .superRefine((c, ctx) => {
      if (c.mode === "duration" && c.amount * delayUnits[c.unit] > MAX_DELAY_MS) {
        ctx.addIssue({ code: "custom", path: ["amount"], message: "A delay can last at most 365 days" });
      }
      if (c.mode === "until") {
        if (c.until === "") ctx.addIssue({ code: "custom", path: ["until"], message: "Give the time to wait until" });
        else if (!hasTemplate(c.until) && Number.isNaN(Date.parse(c.until)))
          ctx.addIssue({
            code: "custom",
            path: ["until"],
            message: "Not a time: use ISO 8601, e.g. 2026-12-01T09:00:00Z",
          });
      }
    }),
  defaults: { mode: "duration", amount: 5, unit: "minutes", until: "" },
  summary: (c) =>
    c.mode === "duration"
      ? `Wait ${c.amount} ${c.amount === 1 ? c.unit.slice(0, -1) : c.unit}`
      : `Wait until ${c.until.replace(/\{\{\s*|\s*\}\}/g, "") || "…"}`,
  sideEffect: false,
});

export type DelayConfig = z.output<typeof delayNode.config>;

/** Milliseconds of a duration-mode delay. */
export const delayMs = (c: DelayConfig) => Math.round(c.amount * delayUnits[c.unit]);
