// Google Sheets (API v4): append a row; update the row whose key column matches (appended when
// none does). Auth: OAuth2 with PKCE, offline access for a refresh token.
// https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values
import { z } from "zod";
import { list, requiredText, seg, text } from "../fields";
import { defineApp, defineOperation, type AppRequest } from "../types";

type AppendAnswer = { spreadsheetId?: string; tableRange?: string; updates?: Updated };
type Updated = { spreadsheetId?: string; updatedRange?: string; updatedRows?: number; updatedCells?: number };

const valuesField = requiredText("Values", "One cell per line (or a {{ reference }} to a list), left to right").meta({
  title: "Values",
  multiline: true,
});

/** Values as cells: a list reference stays a list; text is one cell per line. */
function cells(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(text);
  const lines = text(v).split("\n");
  return lines.length === 1 ? list(v) : lines.map((l) => l.trim());
}

/** "Sheet1" -> "'Sheet1'" (A1 notation quotes a sheet name with spaces or quotes). */
const quoted = (sheet: string) => `'${sheet.replace(/'/g, "''")}'`;

const append = (f: { spreadsheetId: unknown; sheet: unknown; values: unknown }): AppRequest => ({
  method: "POST",
  path: `/v4/spreadsheets/${seg(f.spreadsheetId, "Spreadsheet")}/values/${encodeURIComponent(quoted(text(f.sheet)))}:append`,
  query: { valueInputOption: "USER_ENTERED", insertDataOption: "INSERT_ROWS" },
  body: { json: { majorDimension: "ROWS", values: [cells(f.values)] } },
});

const appendRow = defineOperation({
  id: "appendRow",
  label: "Append a row",
  description: "Adds a row at the end of a sheet's table.",
  fields: z.object({
    spreadsheetId: requiredText("Spreadsheet"),
    sheet: requiredText("Sheet (tab)"),
    values: valuesField,
  }),
  defaults: { spreadsheetId: "", sheet: "Sheet1", values: "" },
  sideEffect: true,
  idempotency: {
    kind: "none",
    why: "The Sheets API takes no idempotency key: a retry after a lost answer may append twice",
  },
  request: append,
  output: (body) => {
    const a = body as AppendAnswer;
    return { spreadsheetId: a.spreadsheetId, range: a.updates?.updatedRange, rows: a.updates?.updatedRows ?? 0 };
  },
});

/** The column letter of a 1-based index: 1 -> A, 27 -> AA. */
function columnLetter(n: number): string {
  let s = "";
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

const updateRow = defineOperation({
  id: "updateRow",
  label: "Update a row by key",
  description: "Finds the row whose key column holds the key and overwrites it; appends it when none does.",
  fields: z.object({
    spreadsheetId: requiredText("Spreadsheet"),
    sheet: requiredText("Sheet (tab)"),
    keyColumn: requiredText("Key column", "A letter, e.g. A").regex(/^[A-Za-z]{1,3}$|\{\{/, "A column letter, e.g. A"),
    key: requiredText("Key", "e.g. {{ trigger.body.id }}"),
    values: valuesField,
  }),
  defaults: { spreadsheetId: "", sheet: "Sheet1", keyColumn: "A", key: "", values: "" },
  sideEffect: true,
  idempotency: {
    kind: "none",
    why: "Overwriting a row with the same values is idempotent; an append after a lost answer is not",
  },
  // First read the key column, then overwrite the matching row (or append).
  request: (f) => {
    const col = text(f.keyColumn).toUpperCase();
    return {
      method: "GET",
      path: `/v4/spreadsheets/${seg(f.spreadsheetId, "Spreadsheet")}/values/${encodeURIComponent(`${quoted(text(f.sheet))}!${col}:${col}`)}`,
      query: { majorDimension: "COLUMNS" },
    };
  },
  next: (body, f) => {
    const column = (body as { values?: unknown[][] }).values?.[0] ?? [];
    const index = column.findIndex((v) => text(v) === text(f.key));
    if (index < 0) return append(f);
    const row = index + 1;
    const values = cells(f.values);
    const range = `${quoted(text(f.sheet))}!A${row}:${columnLetter(Math.max(values.length, 1))}${row}`;
    return {
      method: "PUT",
      path: `/v4/spreadsheets/${seg(f.spreadsheetId, "Spreadsheet")}/values/${encodeURIComponent(range)}`,
      query: { valueInputOption: "USER_ENTERED" },
      body: { json: { range, majorDimension: "ROWS", values: [values] } },
    };
  },
  output: (body) => {
    const a = body as AppendAnswer & Updated;
    return a.updates
      ? { action: "appended", range: a.updates.updatedRange, rows: a.updates.updatedRows ?? 0 }
      : { action: "updated", range: a.updatedRange, rows: a.updatedRows ?? 0 };
  },
});

export const googleSheets = defineApp({
  id: "googlesheets",
  name: "Google Sheets",
  logo: "/apps/googlesheets.svg",
  description: "Rows in a spreadsheet.",
  baseUrl: "https://sheets.googleapis.com",
  otherBaseUrls: { drive: "https://www.googleapis.com" },
  auth: {
    kind: "oauth2",
    authorizationUrl: "https://accounts.google.com/o/oauth2/v2/auth",
    tokenUrl: "https://oauth2.googleapis.com/token",
    revocationUrl: "https://oauth2.googleapis.com/revoke",
    scopes: ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive.metadata.readonly"],
    clientAuth: "client_secret_post",
    // A refresh token is only issued with offline access, and again only with consent.
    authorizationParams: { access_type: "offline", prompt: "consent" },
    consoleUrl: "https://console.cloud.google.com/apis/credentials",
  },
  operations: [appendRow, updateRow],
  errorMessage: (body) => (body as { error?: { message?: string } } | null)?.error?.message,
  options: {
    spreadsheetId: {
      request: () => ({
        method: "GET",
        base: "drive",
        path: "/drive/v3/files",
        query: {
          q: "mimeType='application/vnd.google-apps.spreadsheet' and trashed=false",
          fields: "files(id,name)",
          pageSize: "100",
        },
      }),
      map: (body) =>
        ((body as { files?: Array<{ id: string; name: string }> }).files ?? []).map((f) => ({
          value: f.id,
          label: f.name,
        })),
    },
    sheet: {
      dependsOn: ["spreadsheetId"],
      request: (v) => ({
        method: "GET",
        path: `/v4/spreadsheets/${seg(v.spreadsheetId, "Spreadsheet")}`,
        query: { fields: "sheets.properties.title" },
      }),
      map: (body) =>
        ((body as { sheets?: Array<{ properties?: { title?: string } }> }).sheets ?? []).flatMap((s) =>
          s.properties?.title ? [{ value: s.properties.title, label: s.properties.title }] : [],
        ),
    },
  },
});
