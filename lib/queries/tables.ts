// Data tables: query keys, queryOptions factories and the write calls (docs/api.md#data-tables).
import { queryOptions } from "@tanstack/react-query";
import type { Page } from "@/lib/api/dto";
import type { AdjustResult, RowView, TableView } from "@/lib/tables/types";
import { fetchJson } from "./fetch-json";

const base = ["tables"] as const;
const one = (id: string) => `/api/tables/${encodeURIComponent(id)}`;

export const tableQueries = {
  all: () =>
    queryOptions({
      queryKey: [...base, "list"] as const,
      queryFn: ({ signal }) => fetchJson<{ items: TableView[] }>("/api/tables", { signal }),
    }),
  one: (id: string) =>
    queryOptions({
      queryKey: [...base, id] as const,
      queryFn: ({ signal }) => fetchJson<TableView>(one(id), { signal }),
    }),
  rows: (id: string, prefix: string) =>
    queryOptions({
      queryKey: [...base, id, "rows", prefix] as const,
      queryFn: ({ signal }) =>
        fetchJson<Page<RowView>>(`${one(id)}/rows?limit=500${prefix ? `&prefix=${encodeURIComponent(prefix)}` : ""}`, {
          signal,
        }),
    }),
};

export const tableKeys = { all: base, list: [...base, "list"] as const, table: (id: string) => [...base, id] as const };

export const createTable = (input: { name: string; valueField?: string }) =>
  fetchJson<TableView>("/api/tables", { method: "POST", json: input });
export const updateTable = (id: string, input: { name?: string; valueField?: string }) =>
  fetchJson<TableView>(one(id), { method: "PUT", json: input });
export const deleteTable = (id: string) => fetchJson<void>(one(id), { method: "DELETE" });

export const upsertRow = (id: string, input: { key: string; value?: number | null; data?: Record<string, unknown> }) =>
  fetchJson<RowView>(`${one(id)}/rows`, { method: "PUT", json: input });
export const adjustRow = (
  id: string,
  input: { op: "increment" | "decrement"; key: string; amount: number; floor?: number },
) => fetchJson<AdjustResult>(`${one(id)}/rows`, { method: "POST", json: input });
export const deleteRow = (id: string, key: string) =>
  fetchJson<void>(`${one(id)}/rows?key=${encodeURIComponent(key)}`, { method: "DELETE" });
