// Airtable Web API: create a record, or update the one whose merge field matches (upsert).
// Auth: a personal access token as a bearer token.
// https://airtable.com/developers/web/api/update-multiple-records
import { z } from "zod";
import { list, optionalText, pairs, requiredText, seg } from "../fields";
import { defineApp, defineOperation } from "../types";

type Answer = {
  records?: Array<{ id: string; createdTime?: string; fields?: Record<string, unknown> }>;
  createdRecords?: string[];
  updatedRecords?: string[];
};

const upsertRecord = defineOperation({
  id: "upsertRecord",
  label: "Create or update a record",
  description: "Updates the record whose merge fields match, or creates it (without merge fields: always creates).",
  fields: z.object({
    baseId: requiredText("Base", "app…"),
    table: requiredText("Table", "Its name or id (tbl…)"),
    fields: requiredText("Fields", "One Field name=value per line, or a {{ reference }} to an object").meta({
      title: "Fields",
      multiline: true,
    }),
    mergeOn: optionalText("Merge on", "Field names that identify the record, comma separated (e.g. Email)"),
  }),
  defaults: { baseId: "", table: "", fields: "", mergeOn: "" },
  sideEffect: true,
  idempotency: { kind: "none", why: "With merge fields an upsert is idempotent; without, a retry may create twice" },
  request: (f) => {
    const mergeOn = list(f.mergeOn);
    const records = [{ fields: pairs(f.fields, "Fields") }];
    const path = `/v0/${seg(f.baseId, "Base")}/${seg(f.table, "Table")}`;
    return mergeOn.length
      ? {
          method: "PATCH",
          path,
          body: { json: { performUpsert: { fieldsToMergeOn: mergeOn }, records, typecast: true } },
        }
      : { method: "POST", path, body: { json: { records, typecast: true } } };
  },
  output: (body) => {
    const a = body as Answer;
    const r = a.records?.[0];
    return {
      id: r?.id,
      created: a.updatedRecords ? (a.createdRecords ?? []).includes(r?.id ?? "") : true,
      fields: r?.fields ?? {},
    };
  },
});

export const airtable = defineApp({
  id: "airtable",
  name: "Airtable",
  logo: "/apps/airtable.svg",
  description: "Records in bases.",
  baseUrl: "https://api.airtable.com",
  auth: { kind: "bearer", label: "Personal access token" },
  operations: [upsertRecord],
  options: {
    baseId: {
      request: () => ({ method: "GET", path: "/v0/meta/bases" }),
      map: (body) =>
        ((body as { bases?: Array<{ id: string; name?: string; permissionLevel?: string }> }).bases ?? [])
          // Only bases the token may write records to.
          .filter(
            (b) => b.permissionLevel !== "read" && b.permissionLevel !== "comment" && b.permissionLevel !== "none",
          )
          .map((b) => ({ value: b.id, label: b.name || b.id })),
    },
    table: {
      dependsOn: ["baseId"],
      request: (v) => ({ method: "GET", path: `/v0/meta/bases/${seg(v.baseId, "Base")}/tables` }),
      map: (body) =>
        ((body as { tables?: Array<{ id: string; name?: string }> }).tables ?? []).map((t) => ({
          value: t.id,
          label: t.name || t.id,
        })),
    },
  },
  errorMessage: (body) => {
    const e = (body as { error?: { message?: string } | string } | null)?.error;
    return typeof e === "string" ? e : e?.message;
  },
});
