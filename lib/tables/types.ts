// Data tables: request schemas and the views the API answers with. Browser-safe (the /tables page
// validates with the same schemas); storage is server-only (lib/tables/*.ts).
import { z } from "zod";

export const TABLE_NAME_MAX = 80;
export const ROW_KEY_MAX = 200;
/** A row's `data` document, as JSON text. */
export const ROW_DATA_MAX_BYTES = 64 * 1024;

export const tableNameSchema = z
  .string({ error: "Name is required" })
  .trim()
  .min(1, "Name is required")
  .max(TABLE_NAME_MAX, `Name is ${TABLE_NAME_MAX} characters at most`);

// How the numeric column is called in the UI and node summaries ("stock", "count"...).
export const valueFieldSchema = z
  .string()
  .trim()
  .min(1, "Value field name is required")
  .max(40, "Value field name is 40 characters at most")
  .regex(/^[A-Za-z_][\w -]*$/, "Value field name starts with a letter and holds letters, digits, spaces, - or _");

export const rowKeySchema = z
  .string({ error: "Key is required" })
  .min(1, "Key is required")
  .max(ROW_KEY_MAX, `Key is ${ROW_KEY_MAX} characters at most`)
  .refine((k) => k.trim() === k, "Key starts or ends with whitespace");

export const rowValueSchema = z
  .number({ error: "Value must be a number" })
  .finite("Value must be a finite number")
  .nullable();

export const rowDataSchema = z
  .record(z.string(), z.unknown(), { error: "Data must be a JSON object" })
  .refine(
    (d) => new TextEncoder().encode(JSON.stringify(d)).length <= ROW_DATA_MAX_BYTES,
    `Data is ${ROW_DATA_MAX_BYTES / 1024} KB of JSON at most`,
  );

export const amountSchema = z
  .number({ error: "Amount must be a number" })
  .finite("Amount must be a finite number")
  .positive("Amount must be more than 0");

export const createTableBody = z.object({ name: tableNameSchema, valueField: valueFieldSchema.default("value") });
export const updateTableBody = z
  .object({ name: tableNameSchema.optional(), valueField: valueFieldSchema.optional() })
  .refine((b) => b.name !== undefined || b.valueField !== undefined, "Send a name, a value field name or both");

export const upsertRowBody = z.object({
  key: rowKeySchema,
  value: rowValueSchema.optional(),
  data: rowDataSchema.optional(),
});

export const adjustOps = ["increment", "decrement"] as const;
export type AdjustOp = (typeof adjustOps)[number];

export const adjustRowBody = z.object({
  op: z.enum(adjustOps, { error: "op is increment or decrement" }),
  key: rowKeySchema,
  amount: amountSchema.default(1),
  // Decrement only: the value never goes below this.
  floor: z.number().finite().default(0),
  // A retried call with the same key applies once and answers the first result.
  idempotencyKey: z.string().min(1).max(300).optional(),
});

export const rowsQuery = z.object({
  cursor: z.string().max(ROW_KEY_MAX).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  // Keys starting with this text.
  prefix: z.string().max(ROW_KEY_MAX).optional(),
});

export const deleteRowQuery = z.object({ key: rowKeySchema });

export type UpsertRow = z.output<typeof upsertRowBody>;
export type AdjustRow = z.input<typeof adjustRowBody>;

export type TableView = {
  id: string;
  name: string;
  valueField: string;
  rowCount: number;
  createdAt: string;
  updatedAt: string;
};
export type RowView = {
  key: string;
  value: number | null;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
};

/**
 * The result of an increment/decrement. `ok: false` leaves the row as it was:
 * `below_floor` (the decrement would take the value under `floor`), `not_found` (no such row;
 * increments create a missing row at 0, decrements do not), `no_value` (the row's value is empty).
 */
export type AdjustResult =
  | { ok: true; key: string; value: number; previous: number; amount: number }
  | { ok: false; reason: "below_floor"; key: string; value: number; floor: number; amount: number }
  | { ok: false; reason: "not_found" | "no_value"; key: string; amount: number };
