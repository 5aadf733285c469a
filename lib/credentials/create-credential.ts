// Stores a new credential, its value sealed (lib/crypto/secret-box.ts).
import "server-only";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { sealDocument } from "./credential-document";
import { credentialView } from "./to-view";
import type { NewCredential } from "./types";

export async function createCredential(workspaceId: string, input: NewCredential) {
  const db = await getDb();
  const id = newId("cred");
  const row = await db.credential.create({
    data: {
      id,
      workspaceId,
      name: input.name,
      type: input.type,
      ciphertext: sealDocument(workspaceId, id, { current: input.value }),
    },
  });
  return credentialView(row);
}
