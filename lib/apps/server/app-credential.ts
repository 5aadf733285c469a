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
  const current = openDocument(row).doc.current as { app?: string; auth?: unknown } | string;
  if (row.type !== "app" || typeof current !== "object" || current.app !== app.id)
    throw new ApiError("unprocessable", `Credential "${row.name}" is not a ${app.name} account`);
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
