// Action: write a message to the run log. The step's output is { level, message }, shown in the
// run viewer like any step output.
import { z } from "zod";
import { defineKind } from "../kind";

export const LOG_MAX_MESSAGE = 10_000;
export const logLevels = ["info", "warn", "error"] as const;

export const logNode = defineKind({
  type: "log",
  label: "Log",
  group: "Actions",
  icon: "log",
  description: "Writes a message (with {{ references }}) to the run log, shown in the run's steps.",
  config: z.object({
    message: z
      .string()
      .trim()
      .min(1, "Write the message")
      .max(LOG_MAX_MESSAGE)
      .meta({ title: "Message", description: "Shown in the run's steps; may hold {{ references }}." }),
    level: z.enum(logLevels).meta({ title: "Level" }).default("info"),
  }),
  defaults: { message: "", level: "info" },
  summary: (c) => {
    const m = c.message.replace(/\s+/g, " ").trim();
    return m
      ? `${c.level === "info" ? "" : `${c.level.toUpperCase()}: `}${m.length > 40 ? `${m.slice(0, 39)}…` : m}`
      : "No message yet";
  },
  sideEffect: false,
});

export type LogConfig = z.output<typeof logNode.config>;
