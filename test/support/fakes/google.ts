// Fake Google: the OAuth2 authorization server (consent page, token endpoint with PKCE S256 and
// client_secret_post, refresh, RFC 7009 revocation) and the Sheets v4 / Drive v3 calls the
// Google Sheets app makes. Errors in Google's shape: { error: { code, message, status } }.
// Usable from vitest and from Playwright specs (node:http only, no app imports).
// - `redirectUris`: once a test registers one (as a person does in Google's console), the
//   consent page refuses any other redirect_uri (Google's "Error 400: redirect_uri_mismatch").
// - `tokenLifetime.seconds`: the expires_in of the next access tokens (a short one makes the app
//   refresh before its next call); `issued`: every token handed out, for leak checks.
import { createHash, randomBytes } from "node:crypto";
import { bearerOf, expectOr, startFakeVendor, type FakeAnswer, type FakeRequest } from "./harness";

export const GOOGLE_CLIENT_ID = "1234-fake.apps.googleusercontent.com";
export const GOOGLE_CLIENT_SECRET = "GOCSPX-fake-client-secret";
export const SPREADSHEET_ID = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";

const gerror = (code: number, message: string, status: string): FakeAnswer => ({
  status: code,
  body: { error: { code, message, status } },
});

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

type Grant = { challenge: string; redirectUri: string; scope: string };

export async function startFakeGoogle() {
  const grants = new Map<string, Grant>();
  const access = new Set<string>();
  const refresh = new Set<string>();
  const revoked: string[] = [];
  const redirectUris = new Set<string>();
  const tokenLifetime = { seconds: 3599 };
  const issued: string[] = [];
  const rows: string[][] = [
    ["order", "email", "total"],
    ["1001", "ada@example.com", "20.00"],
  ];
  const issue = (prefix: string) => `${prefix}-${randomBytes(12).toString("hex")}`;
  const issueToken = (prefix: string) => {
    const token = issue(prefix);
    issued.push(token);
    return token;
  };
  const clientOk = (r: FakeRequest) =>
    r.form.get("client_id") === GOOGLE_CLIENT_ID && r.form.get("client_secret") === GOOGLE_CLIENT_SECRET;
  const tokenError = (error: string, description: string): FakeAnswer => ({
    status: 400,
    body: { error, error_description: description },
  });
  const sheetRange = (r: FakeRequest) => decodeURIComponent(r.path.split("/values/")[1] ?? "");

  const fake = await startFakeVendor({
    authorized: (r) => access.has(bearerOf(r) ?? ""),
    unauthorized: gerror(401, "Request had invalid authentication credentials.", "UNAUTHENTICATED"),
    routes: [
      {
        // The consent page: "Allow" sends the browser back with a code for this PKCE challenge.
        method: "GET",
        path: /^\/o\/oauth2\/v2\/auth$/,
        auth: () => true,
        handle: (r) => {
          const q = r.query;
          expectOr(q.get("client_id") === GOOGLE_CLIENT_ID, { status: 400, text: "Error 401: invalid_client" });
          expectOr(q.get("response_type") === "code" && q.get("code_challenge_method") === "S256", {
            status: 400,
            text: "Error 400: invalid_request (PKCE S256 required)",
          });
          expectOr(redirectUris.size === 0 || redirectUris.has(q.get("redirect_uri") ?? ""), {
            status: 400,
            text: "Error 400: redirect_uri_mismatch",
          });
          const code = issue("code");
          grants.set(code, {
            challenge: q.get("code_challenge")!,
            redirectUri: q.get("redirect_uri")!,
            scope: q.get("scope")!,
          });
          const back = new URL(q.get("redirect_uri")!);
          back.searchParams.set("code", code);
          back.searchParams.set("state", q.get("state") ?? "");
          back.searchParams.set("scope", q.get("scope") ?? "");
          return {
            text: `<!doctype html><title>Fake Google consent</title><h1>Hookline wants to access your Google Account</h1><p>Scopes: ${escapeHtml(q.get("scope") ?? "")}</p><a id="allow" href="${escapeHtml(back.href)}" role="button">Allow</a>`,
            headers: { "content-type": "text/html; charset=utf-8" },
          };
        },
      },
      {
        method: "POST",
        path: /^\/token$/,
        auth: clientOk,
        handle: (r) => {
          const f = r.form;
          if (f.get("grant_type") === "authorization_code") {
            const grant = grants.get(f.get("code") ?? "");
            expectOr(Boolean(grant), tokenError("invalid_grant", "Malformed auth code."));
            grants.delete(f.get("code")!);
            const verifier = f.get("code_verifier") ?? "";
            expectOr(
              createHash("sha256").update(verifier).digest("base64url") === grant!.challenge,
              tokenError("invalid_grant", "Invalid code verifier."),
            );
            expectOr(f.get("redirect_uri") === grant!.redirectUri, tokenError("redirect_uri_mismatch", "Bad Request"));
            const a = issueToken("ya29"),
              rt = issueToken("1//refresh");
            access.add(a);
            refresh.add(rt);
            return {
              body: {
                access_token: a,
                expires_in: tokenLifetime.seconds,
                refresh_token: rt,
                scope: grant!.scope,
                token_type: "Bearer",
              },
            };
          }
          if (f.get("grant_type") === "refresh_token") {
            expectOr(
              refresh.has(f.get("refresh_token") ?? ""),
              tokenError("invalid_grant", "Token has been expired or revoked."),
            );
            const a = issueToken("ya29");
            access.add(a);
            return {
              body: {
                access_token: a,
                expires_in: tokenLifetime.seconds,
                scope: "https://www.googleapis.com/auth/spreadsheets",
                token_type: "Bearer",
              },
            };
          }
          return tokenError("unsupported_grant_type", "Invalid grant_type");
        },
      },
      {
        method: "POST",
        path: /^\/revoke$/,
        auth: () => true,
        handle: (r) => {
          const t = r.form.get("token") ?? "";
          revoked.push(t);
          access.delete(t);
          refresh.delete(t);
          return { body: {} };
        },
      },
      {
        method: "GET",
        path: /^\/drive\/v3\/files$/,
        handle: () => ({ body: { files: [{ id: SPREADSHEET_ID, name: "Orders 2026" }] } }),
      },
      {
        method: "GET",
        path: /^\/v4\/spreadsheets\/([^/]+)$/,
        handle: (_r, m) =>
          m[1] === SPREADSHEET_ID
            ? { body: { sheets: [{ properties: { title: "Orders" } }, { properties: { title: "Refunds" } }] } }
            : gerror(404, "Requested entity was not found.", "NOT_FOUND"),
      },
      {
        method: "POST",
        path: /^\/v4\/spreadsheets\/([^/]+)\/values\/(.+):append$/,
        handle: (r, m) => {
          expectOr(m[1] === SPREADSHEET_ID, gerror(404, "Requested entity was not found.", "NOT_FOUND"));
          const range = decodeURIComponent(m[2]!);
          expectOr(range === "'Orders'", gerror(400, `Unable to parse range: ${range}`, "INVALID_ARGUMENT"));
          expectOr(
            r.query.get("valueInputOption") === "USER_ENTERED",
            gerror(400, "Invalid valueInputOption", "INVALID_ARGUMENT"),
          );
          const values = (r.json as { values?: string[][] }).values;
          expectOr(Array.isArray(values) && values.length === 1, gerror(400, "Invalid values", "INVALID_ARGUMENT"));
          rows.push(values![0]!);
          const n = rows.length;
          return {
            body: {
              spreadsheetId: SPREADSHEET_ID,
              tableRange: `Orders!A1:C${n - 1}`,
              updates: {
                spreadsheetId: SPREADSHEET_ID,
                updatedRange: `Orders!A${n}:C${n}`,
                updatedRows: 1,
                updatedColumns: values![0]!.length,
                updatedCells: values![0]!.length,
              },
            },
          };
        },
      },
      {
        method: "GET",
        path: /^\/v4\/spreadsheets\/([^/]+)\/values\/(.+)$/,
        handle: (r) => {
          expectOr(
            sheetRange(r) === "'Orders'!A:A",
            gerror(400, `Unable to parse range: ${sheetRange(r)}`, "INVALID_ARGUMENT"),
          );
          return {
            body: { range: "Orders!A1:A1000", majorDimension: "COLUMNS", values: [rows.map((row) => row[0] ?? "")] },
          };
        },
      },
      {
        method: "PUT",
        path: /^\/v4\/spreadsheets\/([^/]+)\/values\/(.+)$/,
        handle: (r) => {
          const m = /^'Orders'!A(\d+):[A-Z]+(\d+)$/.exec(sheetRange(r));
          expectOr(
            Boolean(m) && m![1] === m![2],
            gerror(400, `Unable to parse range: ${sheetRange(r)}`, "INVALID_ARGUMENT"),
          );
          const values = (r.json as { values: string[][] }).values[0]!;
          rows[Number(m![1]) - 1] = values;
          return {
            body: {
              spreadsheetId: SPREADSHEET_ID,
              updatedRange: `Orders!A${m![1]}:C${m![1]}`,
              updatedRows: 1,
              updatedCells: values.length,
            },
          };
        },
      },
    ],
  });
  return { ...fake, rows, access, refresh, revoked, grants, redirectUris, tokenLifetime, issued };
}
