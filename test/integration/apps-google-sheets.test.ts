// Google Sheets (OAuth2) against a local fake of Google: the documented Sheets v4 requests, a
// token refreshed before it expires and once after a 401, one refresh for two steps at once
// (the lease in the credential row), a revoked refresh token, Google's error messages, 429.
import { beforeEach, describe, expect, it } from "vitest";
import { readAppAccount } from "@/lib/apps/server/app-credential";
import { getApp } from "@/lib/apps/catalog";
import type { OAuthValue } from "@/lib/apps/credential-values";
import { PermanentError, RetryLaterError } from "@/lib/engine/step-error";
import { getDb } from "@/lib/db";
import { addAccount, failure, GOOGLE_CLIENT_ENV, runAppNode, withFakeVendor } from "../support/fakes/app-test";
import { GOOGLE_CLIENT_ID, SPREADSHEET_ID, startFakeGoogle } from "../support/fakes/google";

const app = getApp("googlesheets")!;
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

// The file's workspace (its first account is never used: each test stores its own below).
const vendor = withFakeVendor(
  "googlesheets",
  startFakeGoogle,
  { status: "connected", accessToken: "unused-token" },
  GOOGLE_CLIENT_ENV,
);

/** An account whose access token the fake accepts (or not), with a refresh token it knows. */
async function account(opts: { valid: boolean; expiresAt?: string; refreshKnown?: boolean }) {
  const accessToken = `ya29-test-${Math.random().toString(36).slice(2)}`;
  const refreshToken = `1//refresh-test-${Math.random().toString(36).slice(2)}`;
  if (opts.valid) vendor.fake.access.add(accessToken);
  if (opts.refreshKnown !== false) vendor.fake.refresh.add(refreshToken);
  return addAccount(vendor.ws.workspaceId, "googlesheets", {
    status: "connected",
    accessToken,
    refreshToken,
    expiresAt: opts.expiresAt ?? inAnHour(),
  });
}
const tokenCalls = () => vendor.fake.requests.filter((r) => r.path === "/token").length;
const stored = async (id: string) => (await readAppAccount<OAuthValue>(vendor.ws.workspaceId, id, app)).value;

const append = (credentialId: string, c: Record<string, unknown> = {}) => ({
  credentialId,
  spreadsheetId: SPREADSHEET_ID,
  sheet: "Orders",
  values: "{{ trigger.body.row }}",
  ...c,
});
const scope = {
  trigger: {
    method: "POST",
    headers: {},
    query: {},
    body: { row: ["1002", "bob@example.com", "35.50"] },
    receivedAt: "",
  },
  nodes: {},
};
const ctx = () => ({ workspaceId: vendor.ws.workspaceId });

describe("Google Sheets", () => {
  let rowsBefore: number;
  beforeEach(() => {
    rowsBefore = vendor.fake.rows.length;
  });

  it("appends a row: POST values/{range}:append with USER_ENTERED and the Bearer token", async () => {
    const id = await account({ valid: true });
    const { output } = await runAppNode("app:googlesheets.appendRow", append(id), ctx(), scope);
    const req = vendor.fake.requests.at(-1)!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe(`/v4/spreadsheets/${SPREADSHEET_ID}/values/'Orders':append`);
    expect(Object.fromEntries(req.query)).toEqual({
      valueInputOption: "USER_ENTERED",
      insertDataOption: "INSERT_ROWS",
    });
    expect(req.headers.authorization).toBe(`Bearer ${((await stored(id)) as { accessToken: string }).accessToken}`);
    expect(req.json).toEqual({ majorDimension: "ROWS", values: [["1002", "bob@example.com", "35.50"]] });
    expect(output).toEqual({
      spreadsheetId: SPREADSHEET_ID,
      range: `Orders!A${rowsBefore + 1}:C${rowsBefore + 1}`,
      rows: 1,
    });
  });

  it("refreshes a token about to expire before the call, and stores the new one sealed", async () => {
    const id = await account({ valid: false, expiresAt: new Date(Date.now() + 10_000).toISOString() });
    const calls = tokenCalls();
    await runAppNode("app:googlesheets.appendRow", append(id), ctx(), scope);
    expect(tokenCalls()).toBe(calls + 1);
    const refresh = vendor.fake.requests.filter((r) => r.path === "/token").at(-1)!;
    expect(refresh.form.get("grant_type")).toBe("refresh_token");
    expect(refresh.form.get("client_id")).toBe(GOOGLE_CLIENT_ID);
    const now = await stored(id);
    expect(now.status === "connected" && vendor.fake.access.has(now.accessToken)).toBe(true);
    expect(now.status === "connected" && now.refreshToken).toMatch(/^1\/\/refresh-test-/);
    const row = await (await getDb()).credential.findUnique({ where: { id } });
    expect(row!.ciphertext).not.toContain(now.status === "connected" ? now.accessToken : "x");
  });

  it("a 401 to a token not yet expired: one refresh, then the call succeeds", async () => {
    const id = await account({ valid: false });
    const calls = tokenCalls();
    const { output } = await runAppNode("app:googlesheets.appendRow", append(id), ctx(), scope);
    expect(tokenCalls()).toBe(calls + 1);
    expect(output).toMatchObject({ rows: 1 });
    const sheetCalls = vendor.fake.requests.filter((r) => r.path.endsWith(":append")).slice(-2);
    expect(sheetCalls[0]!.headers.authorization).not.toBe(sheetCalls[1]!.headers.authorization);
  });

  it("two steps with an expired token refresh it once between them", async () => {
    const id = await account({ valid: false, expiresAt: new Date(Date.now() - 1000).toISOString() });
    const calls = tokenCalls();
    const [a, b] = await Promise.all([
      runAppNode("app:googlesheets.appendRow", append(id), ctx(), scope),
      runAppNode("app:googlesheets.appendRow", append(id), ctx(), scope),
    ]);
    expect(a.output).toMatchObject({ rows: 1 });
    expect(b.output).toMatchObject({ rows: 1 });
    expect(tokenCalls()).toBe(calls + 1);
  });

  it("a revoked refresh token fails permanently and asks to reconnect", async () => {
    const id = await account({
      valid: false,
      expiresAt: new Date(Date.now() - 1000).toISOString(),
      refreshKnown: false,
    });
    const err = await failure(runAppNode("app:googlesheets.appendRow", append(id), ctx(), scope));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toMatch(/reconnect/);
    // The lease was given back: the account is usable once reconnected.
    expect((await stored(id)) as { refreshingUntil?: string }).not.toHaveProperty("refreshingUntil");
  });

  it("updates the row whose key column matches (GET the column, PUT the row); appends when none does", async () => {
    const id = await account({ valid: true });
    const base = { credentialId: id, spreadsheetId: SPREADSHEET_ID, sheet: "Orders", keyColumn: "A" };
    const updated = await runAppNode(
      "app:googlesheets.updateRow",
      { ...base, key: "1001", values: "1001\nada@example.com\n25.00" },
      ctx(),
    );
    const [get, put] = vendor.fake.requests.slice(-2);
    expect(`${get!.method} ${decodeURIComponent(get!.path)}`).toBe(
      `GET /v4/spreadsheets/${SPREADSHEET_ID}/values/'Orders'!A:A`,
    );
    expect(put!.method).toBe("PUT");
    expect(decodeURIComponent(put!.path)).toBe(`/v4/spreadsheets/${SPREADSHEET_ID}/values/'Orders'!A2:C2`);
    expect(vendor.fake.rows[1]).toEqual(["1001", "ada@example.com", "25.00"]);
    expect(updated.output).toEqual({ action: "updated", range: "Orders!A2:C2", rows: 1 });
    const appended = await runAppNode(
      "app:googlesheets.updateRow",
      { ...base, key: "9999", values: "9999, x, 1" },
      ctx(),
    );
    expect(appended.output).toMatchObject({ action: "appended", rows: 1 });
    expect(vendor.fake.rows.at(-1)).toEqual(["9999", "x", "1"]);
  });

  it("a bad range shows Google's message, permanently; 429 with Retry-After is retried later", async () => {
    const id = await account({ valid: true });
    const err = await failure(runAppNode("app:googlesheets.appendRow", append(id, { sheet: "Nope" }), ctx(), scope));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Unable to parse range: 'Nope'");
    vendor.fake.failNext(/:append$/, {
      status: 429,
      headers: { "retry-after": "30" },
      body: {
        error: { code: 429, message: "Quota exceeded for quota metric 'Write requests'", status: "RESOURCE_EXHAUSTED" },
      },
    });
    const limited = await failure(runAppNode("app:googlesheets.appendRow", append(id), ctx(), scope));
    expect(limited).toBeInstanceOf(RetryLaterError);
    expect((limited as RetryLaterError).retryAfterMs).toBe(30_000);
    expect((await runAppNode("app:googlesheets.appendRow", append(id), ctx(), scope)).output).toMatchObject({
      rows: 1,
    });
  });
});
