// An app account's stored value: read (decrypted, checked against the app's auth kind) and
// written back with compare-and-set on the row's ciphertext, which changes on every write and so
// serves as the token version: a writer that read an older version writes nothing.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { openDocument, sealDocument } from "@/lib/credentials/credential-document";
import { getDb } from "@/lib/db";
import type { AppDefinition } from "../types";

export type AppAccount<V = Record<string, string>> = { ciphertext: string; name: string; value: V };

export async function readAppAccount<V = Record<string, string>>(
  workspaceId: string,
  id: string,
  app: AppDefinition,
): Promise<AppAccount<V>> {
  const db = await getDb();
  const row = await db.credential.findFirst({ where: { id, workspaceId } });
  if (!row) throw new ApiError("not_found", "Credential not found");
  const notThisApp = () => new ApiError("unprocessable", `Credential "${row.name}" is not a ${app.name} account`);
  if (row.type !== "app") throw notThisApp();
  let current: { app?: string; auth?: unknown } | string;
  try {
    current = openDocument(row).doc.current as typeof current;
  } catch {
    // The stored value no longer opens (the encryption key changed) or no longer fits its app's
    // schema (stricter checks since it was saved, a row written by hand). Only a person can fix
    // that, so it is a refusal (a step fails at once, an API call answers 422), never a retry.
    throw new ApiError(
      "unprocessable",
      `The ${app.name} account "${row.name}" no longer holds a valid value: edit or reconnect it`,
    );
  }
  if (typeof current !== "object" || current.app !== app.id) throw notThisApp();
  return { ciphertext: row.ciphertext, name: row.name, value: current.auth as V };
}

/** Replaces the account's value if it is still the version read; false when another writer won. */
export async function writeAppAccount(
  workspaceId: string,
  id: string,
  app: AppDefinition,
  readCiphertext: string,
  value: unknown,
): Promise<string | null> {
  const db = await getDb();
  const ciphertext = sealDocument(workspaceId, id, { current: { app: app.id, auth: value } });
  const { count } = await db.credential.updateMany({
    where: { id, workspaceId, ciphertext: readCiphertext },
    data: { ciphertext },
  });
  return count === 1 ? ciphertext : null;
}
