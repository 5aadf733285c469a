// Stores a new credential, its value sealed (lib/crypto/secret-box.ts).
import "server-only";
import { storedAppValue } from "@/lib/apps/credential-values";
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
      // An app account is stored as its fields' schemas output it (a Shopify shop's normalized domain).
      ciphertext: sealDocument(workspaceId, id, {
        current: input.type === "app" ? storedAppValue(input.value) : input.value,
      }),
    },
  });
  return credentialView(row);
}
