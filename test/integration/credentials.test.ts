// The credential store on SQLite and PostgreSQL: values sealed at rest, masked in every answer,
// rotation windows, and the workspace boundary. Partly through the route handlers, so the API's
// answers are checked for leaks too.
import { beforeAll, describe, expect, inject, it, vi } from "vitest";
import { GET as getOne, PUT, DELETE } from "@/app/api/credentials/[id]/route";
import { GET as list, POST } from "@/app/api/credentials/route";
import { createCredential } from "@/lib/credentials/create-credential";
import { credentialSecrets } from "@/lib/credentials/credential-secrets";
import { credentialValue } from "@/lib/credentials/credential-value";
import { deleteCredential } from "@/lib/credentials/delete-credential";
import { getCredential } from "@/lib/credentials/get-credential";
import { listCredentials } from "@/lib/credentials/list-credentials";
import { updateCredential } from "@/lib/credentials/update-credential";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { log } from "@/lib/observability/log";
import { signedIn, type TestUser } from "../support/auth";

const HOUR = 3_600_000;
const OLD = "whsec_old_MfKQ9r8GKYqrTwjUPD8ILPZIo2La";
const NEW = "whsec_new_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

// Own workspaces, so rows other test files leave in the shared database never show up here.
async function newWorkspace(label: string) {
  const db = await getDb();
  const ws = await db.workspace.create({ data: { id: newId("ws"), name: label } });
  return ws.id;
}

let ws: string;
beforeAll(async () => {
  ws = await newWorkspace("credentials");
});

const rowOf = async (id: string) => (await getDb()).credential.findUniqueOrThrow({ where: { id } });
const code = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: { code?: string }) => e.code ?? String(e),
  );
// The routes act in the caller's workspace: an owner of `ws`, signed in (test/support/auth.ts).
let owner: TestUser;
beforeAll(async () => {
  owner = await signedIn({ workspaceId: ws, role: "owner" });
});
const call = (handler: (req: Request, ctx: never) => Promise<Response>, method: string, id?: string, body?: unknown) =>
  handler(
    new Request(`http://localhost/api/credentials${id ? `/${id}` : ""}`, {
      method,
      headers: owner.headers(body === undefined ? {} : { "content-type": "application/json" }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    { params: Promise.resolve({ id }) } as never,
  );

describe(`credentials (${inject("database")})`, () => {
  it("creates, lists, renames, updates and deletes, sealing the value at rest", async () => {
    const created = await createCredential(ws, { name: "Stripe live", type: "webhook-secret", value: OLD });
    expect(created).toMatchObject({
      name: "Stripe live",
      type: "webhook-secret",
      hint: `••••${OLD.slice(-4)}`,
      rotation: null,
    });

    const row = await rowOf(created.id);
    expect(row.ciphertext).toMatch(/^v1\./);
    expect(row.ciphertext).not.toContain(OLD);
    expect(row.ciphertext).not.toContain(Buffer.from(OLD).toString("base64"));
    expect((await listCredentials(ws)).map((c) => c.id)).toContain(created.id);

    const renamed = await updateCredential(ws, created.id, { name: "Stripe (live)" });
    expect(renamed.name).toBe("Stripe (live)");
    expect((await rowOf(created.id)).ciphertext).toBe(row.ciphertext);

    const updated = await updateCredential(ws, created.id, { value: NEW });
    expect(updated.hint).toBe(`••••${NEW.slice(-4)}`);
    expect(updated.rotation).toBeNull();
    expect(await credentialSecrets(ws, created.id)).toEqual([NEW]);
    expect(await credentialValue(ws, created.id, "webhook-secret")).toBe(NEW);
    expect(await code(credentialValue(ws, created.id, "bearer-token"))).toBe("unprocessable");

    await deleteCredential(ws, created.id);
    expect(await code(getCredential(ws, created.id))).toBe("not_found");
    expect(await credentialSecrets(ws, created.id)).toEqual([]);
  });

  it("masks every type, showing 4 characters only of secrets of 12 or more", async () => {
    const values = [
      { type: "webhook-secret", value: "Sh0rt~Secret" },
      { type: "bearer-token", value: "tok_live_0123456789abcdef" },
      { type: "basic-auth", value: { username: "shop", password: "correct horse battery" } },
      { type: "header", value: { name: "X-Api-Key", value: "k3y~9f8e7d" } },
      { type: "slack-webhook-url", value: "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX" },
      {
        type: "smtp",
        value: {
          host: "smtp.example.com",
          port: 587,
          secure: false,
          username: "mailer",
          password: "smtp-password-123",
          from: "Shop <shop@example.com>",
        },
      },
    ] as const;
    for (const input of values) {
      const view = await createCredential(ws, { name: `masked ${input.type}`, ...input } as Parameters<
        typeof createCredential
      >[1]);
      const text = JSON.stringify([view, await getCredential(ws, view.id), await listCredentials(ws)]);
      const secret =
        typeof input.value === "string"
          ? input.value
          : "password" in input.value
            ? input.value.password
            : input.value.value;
      expect(text, input.type).not.toContain(secret);
      expect(text, input.type).not.toContain(secret.slice(0, -4));
      expect(view.hint).toBe(secret.length >= 12 ? `••••${secret.slice(-4)}` : "••••");
      expect(await credentialValue(ws, view.id)).toEqual(input.value);
      expect((await rowOf(view.id)).ciphertext).not.toContain(secret);
    }
  });

  it("keeps the previous secret valid for the rotation window, then only the new one", async () => {
    const now = Date.parse("2026-11-23T10:00:00.000Z");
    const { id } = await createCredential(ws, { name: "GitHub", type: "webhook-secret", value: OLD });
    const rotated = await updateCredential(ws, id, { value: NEW, keepPreviousForHours: 2 }, now);
    expect(rotated.rotation).toEqual({ previousValidUntil: "2026-11-23T12:00:00.000Z" });
    expect(JSON.stringify(rotated)).not.toContain(OLD.slice(0, -4));

    expect(await credentialSecrets(ws, id, now)).toEqual([NEW, OLD]);
    expect(await credentialSecrets(ws, id, now + 2 * HOUR - 1)).toEqual([NEW, OLD]);
    expect(await credentialSecrets(ws, id, now + 3 * HOUR)).toEqual([NEW]);
    expect((await getCredential(ws, id, now + 3 * HOUR)).rotation).toBeNull();

    // Rotating again keeps only the value being replaced; 0 drops it at once.
    const third = "whsec_third_0123456789abcdef";
    await updateCredential(ws, id, { value: third, keepPreviousForHours: 1 }, now);
    expect(await credentialSecrets(ws, id, now)).toEqual([third, NEW]);
    await updateCredential(ws, id, { value: OLD, keepPreviousForHours: 0 }, now);
    expect(await credentialSecrets(ws, id, now)).toEqual([OLD]);
  });

  it("treats another workspace's credential as not found", async () => {
    const other = await newWorkspace("other");
    const mine = await createCredential(ws, { name: "Mine", type: "webhook-secret", value: OLD });
    const theirs = await createCredential(other, { name: "Theirs", type: "webhook-secret", value: NEW });

    expect((await listCredentials(ws)).map((c) => c.id)).not.toContain(theirs.id);
    expect(await code(getCredential(other, mine.id))).toBe("not_found");
    expect(await code(updateCredential(other, mine.id, { name: "x", value: "stolen" }))).toBe("not_found");
    expect(await code(deleteCredential(other, mine.id))).toBe("not_found");
    expect(await code(credentialValue(other, mine.id))).toBe("not_found");
    expect(await credentialSecrets(other, mine.id)).toEqual([]);
    expect(await credentialSecrets(ws, mine.id)).toEqual([OLD]);

    // A ciphertext copied into another workspace's row does not open there.
    const db = await getDb();
    await db.credential.update({ where: { id: theirs.id }, data: { ciphertext: (await rowOf(mine.id)).ciphertext } });
    await expect(credentialSecrets(other, theirs.id)).rejects.toThrow(/altered, or sealed with another key/);
    const logged = vi.spyOn(log("credentials"), "error").mockImplementation((() => {}) as never);
    expect(await getCredential(other, theirs.id)).toMatchObject({ hint: "••••", rotation: null, unreadable: true });
    expect(logged).toHaveBeenCalledWith(
      { credentialId: theirs.id, reason: expect.stringMatching(/altered, or sealed with another key/) },
      expect.stringMatching(/cannot be read/),
    );
    logged.mockRestore();
  });

  it("answers the REST API with masked views, 404s and per-field 400s", async () => {
    const secret = "api-secret-0123456789";
    const created = await call(POST, "POST", undefined, {
      name: "From the API",
      type: "webhook-secret",
      value: secret,
    });
    expect(created.status).toBe(201);
    const view = (await created.json()) as { id: string; hint: string };
    expect(view.hint).toBe("••••6789");

    const answers = [
      await call(list, "GET"),
      await call(getOne, "GET", view.id),
      await call(PUT, "PUT", view.id, { value: `${secret}-2`, keepPreviousForHours: 24 }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(await res.text()).not.toContain("api-secret-0123");
    }

    const bad = await call(POST, "POST", undefined, { name: "Login", type: "basic-auth", value: { username: "a:b" } });
    expect(bad.status).toBe(400);
    const details = ((await bad.json()) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);
    expect(details).toEqual(["value.username", "value.password"]);
    expect((await call(POST, "POST", undefined, { name: "x", type: "ftp", value: "x" })).status).toBe(400);
    expect((await call(PUT, "PUT", view.id, { keepPreviousForHours: 2 })).status).toBe(400);
    expect((await call(PUT, "PUT", view.id, { value: "" })).status).toBe(400);

    expect((await call(DELETE, "DELETE", view.id)).status).toBe(204);
    const gone = await call(getOne, "GET", view.id);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ error: { code: "not_found", message: "Credential not found" } });
    expect((await call(DELETE, "DELETE", view.id)).status).toBe(404);
  });
});
