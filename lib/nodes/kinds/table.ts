// Action: read or change a row of one of the workspace's data tables (lib/tables), e.g. stock
// levels by SKU. Increment/decrement are atomic and never take the value below `floor`.
import { z } from "zod";
import { defineKind } from "../kind";

export const tableOperations = ["get", "upsert", "increment", "decrement", "delete"] as const;
export type TableOperation = (typeof tableOperations)[number];

export const tableOperationLabels: Record<TableOperation, string> = {
  get: "Get row",
  upsert: "Create or update row",
  increment: "Increment value",
  decrement: "Decrement value",
  delete: "Delete row",
};

const isJsonObjectText = (t: string) => {
  if (t.trim() === "") return true;
  try {
    const v: unknown = JSON.parse(t);
    return typeof v === "object" && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
};

export const tableNode = defineKind({
  type: "table",
  label: "Data table",
  group: "Actions",
  icon: "table",
  description:
    "Reads or changes a row of a data table: stock levels by SKU, counters, lookups. Decrements never go below a floor.",
  config: z.object({
    // The table's name (flows name tables, so an exported flow works where a table of that name exists).
    table: z
      .string()
      .trim()
      .min(1, "Choose a table")
      .max(80)
      .meta({ title: "Table", description: "The table's name, as on the Tables page." }),
    operation: z.enum(tableOperations).meta({ title: "Operation" }).default("get"),
    // The row key, usually a reference: {{ trigger.body.sku }}.
    key: z
      .string()
      .trim()
      .min(1, "Give the row key, e.g. {{ trigger.body.sku }}")
      .max(2000)
      .meta({ title: "Row key", description: "Usually a reference, e.g. {{ loop.item.sku }}." }),
    // increment / decrement: a number or a reference to one (e.g. {{ loop.item.quantity }}).
    amount: z
      .string()
      .trim()
      .max(2000)
      .meta({
        title: "Amount",
        description: "Increment / decrement: a number or a reference to one, e.g. {{ loop.item.quantity }}.",
      })
      .default("1"),
    // decrement: the value never goes below this.
    floor: z
      .number()
      .finite()
      .meta({ title: "Floor", description: "Decrement: the value never goes below this." })
      .default(0),
    // decrement below the floor: "output" = the step succeeds with { ok: false, reason: "below_floor" }
    // (branch on {{ nodes.<id>.ok }}); "fail" = the step fails (not retried).
    belowFloor: z
      .enum(["output", "fail"])
      .meta({
        title: "Below the floor",
        description: "output: the step succeeds with ok: false (branch on it); fail: the step fails.",
      })
      .default("output"),
    // upsert: the new value (number or reference); empty = leave the value as it is.
    value: z
      .string()
      .trim()
      .max(2000)
      .meta({
        title: "Value",
        description: "Create or update: the new number (or a reference); empty keeps the value.",
      })
      .default(""),
    // upsert: the row's data as a JSON object template; empty = leave the data as it is.
    data: z
      .string()
      .max(64 * 1024)
      .meta({
        title: "Other fields (JSON)",
        description: "Create or update: a JSON object replacing the row's other fields; empty keeps them.",
      })
      .default("")
      .refine(isJsonObjectText, "Data must be a JSON object (put {{ references }} inside strings)"),
    // Adds `low: value <= lowAt` to the output (for an alert when stock runs low).
    lowAt: z
      .number()
      .finite()
      .meta({ title: "Low at", description: "Adds low: true to the output when the value is at or below this." })
      .optional(),
  }),
  defaults: { table: "", operation: "get", key: "", amount: "1", floor: 0, belowFloor: "output", value: "", data: "" },
  summary: (c) => {
    if (!c.table) return "No table chosen yet";
    const key = c.key.replace(/\{\{\s*|\s*\}\}/g, "");
    const by =
      c.operation === "increment" || c.operation === "decrement"
        ? ` by ${c.amount.replace(/\{\{\s*|\s*\}\}/g, "")}`
        : "";
    return `${tableOperationLabels[c.operation]}${by} · ${c.table}[${key.length > 24 ? `${key.slice(0, 23)}…` : key}]`;
  },
  sideEffect: true,
});

export type TableNodeConfig = z.output<typeof tableNode.config>;
