// Data table node: resolves the key, amount, value and data templates, then reads or changes the
// row in the run's workspace (lib/tables). Increment/decrement carry the step's idempotency key,
// so a retried step applies once. A missing table fails permanently; a decrement that would cross
// the floor answers { ok: false, reason: "below_floor" } or fails, as configured.
import "server-only";
import { resolveDeep, resolveString } from "@/lib/flows/template";
import type { TableNodeConfig, TableOperation } from "@/lib/nodes/kinds/table";
import { adjustRow } from "@/lib/tables/adjust";
import { readRow, removeRow, writeRow } from "@/lib/tables/rows";
import { findTableByName } from "@/lib/tables/tables";
import { ROW_DATA_MAX_BYTES, ROW_KEY_MAX } from "@/lib/tables/types";
import { PermanentError } from "../step-error";
import { workspaceOf } from "./http-credential";
import type { NodeExecutor } from "./types";

export type TableInput = {
  table: string;
  operation: TableOperation;
  key: string;
  amount?: number;
  floor?: number;
  belowFloor?: "output" | "fail";
  value?: number | null;
  data?: Record<string, unknown>;
  lowAt?: number;
};

const asText = (v: unknown) =>
  v === undefined || v === null
    ? ""
    : typeof v === "string"
      ? v
      : typeof v === "object"
        ? JSON.stringify(v)
        : String(v);

function asNumber(v: unknown, what: string): number {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw new Error(`${what} is not a number: ${JSON.stringify(v)?.slice(0, 60)}`);
  return n;
}

export const tableExecutor: NodeExecutor<TableNodeConfig, TableInput> = {
  resolve(config, scope) {
    const missing: string[] = [];
    const resolve = (t: string) => {
      const r = resolveString(t, scope);
      missing.push(...r.missing);
      return r.value;
    };
    const key = asText(resolve(config.key));
    if (key === "") throw new Error(`The row key ${config.key} is empty`);
    if (key.length > ROW_KEY_MAX) throw new Error(`The row key is longer than ${ROW_KEY_MAX} characters`);
    const input: TableInput = { table: config.table, operation: config.operation, key };
    if (config.operation === "increment" || config.operation === "decrement") {
      input.amount = asNumber(resolve(config.amount), "The amount");
      if (input.amount <= 0) throw new Error(`The amount must be more than 0, not ${input.amount}`);
      if (config.operation === "decrement") {
        input.floor = config.floor;
        input.belowFloor = config.belowFloor;
      }
    }
    if (config.operation === "upsert") {
      if (config.value !== "") {
        const v = resolve(config.value);
        input.value = v === null || v === "" ? null : asNumber(v, "The value");
      }
      if (config.data.trim() !== "") {
        input.data = resolveDeep(JSON.parse(config.data), scope, missing).value as Record<string, unknown>;
        if (Buffer.byteLength(JSON.stringify(input.data)) > ROW_DATA_MAX_BYTES)
          throw new Error(`The row data is more than ${ROW_DATA_MAX_BYTES / 1024} KB of JSON`);
      }
    }
    if (config.lowAt !== undefined) input.lowAt = config.lowAt;
    return { input, missing };
  },

  async run(input, ctx) {
    const table = await findTableByName(await workspaceOf(ctx), input.table);
    if (!table) throw new PermanentError(`There is no data table named "${input.table}"`);
    const low = (value: number | null | undefined) =>
      input.lowAt === undefined ? {} : { low: typeof value === "number" && value <= input.lowAt };

    switch (input.operation) {
      case "get": {
        const row = await readRow(table.id, input.key);
        return row
          ? { found: true, ...row, ...low(row.value) }
          : { found: false, key: input.key, value: null, data: {}, ...low(null) };
      }
      case "upsert": {
        const { row, created } = await writeRow(table.id, { key: input.key, value: input.value, data: input.data });
        return { created, ...row, ...low(row.value) };
      }
      case "delete":
        return { key: input.key, deleted: await removeRow(table.id, input.key) };
      case "increment":
      case "decrement": {
        const result = await adjustRow(table.id, {
          op: input.operation,
          key: input.key,
          amount: input.amount ?? 1,
          floor: input.floor ?? 0,
          idempotencyKey: ctx.idempotencyKey,
        });
        if (!result.ok && result.reason === "below_floor" && input.belowFloor === "fail") {
          throw new PermanentError(
            `${input.table}[${input.key}]: ${table.valueField} ${result.value} minus ${result.amount} would go below ${result.floor}`,
          );
        }
        return { ...result, ...low("value" in result ? result.value : null) };
      }
    }
  },
};
