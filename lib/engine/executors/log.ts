// Log node: the message, templates resolved, becomes the step's output { level, message } — the
// run viewer shows it with the step. Longer messages are cut at LOG_MAX_MESSAGE characters.
import "server-only";
import { resolveString } from "@/lib/flows/template";
import { LOG_MAX_MESSAGE, type LogConfig } from "@/lib/nodes/kinds/log";
import type { NodeExecutor } from "./types";

export type LogOutput = { level: LogConfig["level"]; message: string };

export const logExecutor: NodeExecutor<LogConfig, LogOutput> = {
  resolve(config, scope) {
    const r = resolveString(config.message, scope);
    let message =
      r.value === undefined || r.value === null ? "" : typeof r.value === "string" ? r.value : JSON.stringify(r.value);
    if (message.length > LOG_MAX_MESSAGE) message = `${message.slice(0, LOG_MAX_MESSAGE - 1)}…`;
    return { input: { level: config.level, message }, missing: r.missing };
  },
  async run(input) {
    return { level: input.level, message: input.message };
  },
};
