// Renames a credential and/or gives it a new value. With keepPreviousForHours > 0 the old value
// stays valid until now + hours (a rotation: senders switch over at their own pace); 0 drops it
// at once, as does a later rotation (only the value being replaced is kept).
import "server-only";
import { ZodError } from "zod";
import { ApiError, fromZod, notFound } from "@/lib/api/errors";
import { storedAppValue } from "@/lib/apps/credential-values";
import { getDb } from "@/lib/db";
import { openDocument, sealDocument, type CredentialDocument } from "./credential-document";
import { findCredentialOrThrow } from "./find-credential-or-throw";
import { credentialView } from "./to-view";
import { credentialTypeSchema, isOAuthValue, parseValue, type CredentialUpdate } from "./types";

const HOUR = 3_600_000;

export async function updateCredential(workspaceId: string, id: string, input: CredentialUpdate, now = Date.now()) {
  const db = await getDb();
  const row = await findCredentialOrThrow(workspaceId, id);
  const data: { name?: string; ciphertext?: string } = input.name === undefined ? {} : { name: input.name };

  if (input.value !== undefined) {
    const value = parseValue(credentialTypeSchema.parse(row.type), input.value);
    if (!value.success)
      throw fromZod(
        new ZodError(value.error.issues.map((i) => ({ ...i, path: ["value", ...i.path] }))),
        "request body",
      );
    if (row.type === "app" && isOAuthValue(value.data))
      throw new ApiError("unprocessable", "An app account that signs in with OAuth2 is changed with “Connect account”");
    const hours = input.keepPreviousForHours ?? 0;
    // An app account is stored as its fields' schemas output it (as on create).
    const current = row.type === "app" ? storedAppValue(value.data) : value.data;
    let doc: CredentialDocument = { current };
    if (hours > 0) {
      let old: CredentialDocument;
      try {
        old = openDocument(row).doc;
      } catch {
        throw new ApiError(
          "unprocessable",
          "The current value cannot be decrypted, so it cannot stay valid; save the new value with keepPreviousForHours 0",
        );
      }
      doc = {
        current,
        previous: old.current,
        previousValidUntil: new Date(now + hours * HOUR).toISOString(),
      };
    }
    data.ciphertext = sealDocument(workspaceId, id, doc);
  }

  // A value change applies only to the value it was computed from: a concurrent rotation wins
  // cleanly instead of one of them silently dropping the other's previous secret.
  const { count } = await db.credential.updateMany({
    where: { id, workspaceId, ...(data.ciphertext ? { ciphertext: row.ciphertext } : {}) },
    data,
  });
  if (count === 0) {
    if (!(await db.credential.findFirst({ where: { id, workspaceId }, select: { id: true } })))
      throw notFound("Credential");
    throw new ApiError("conflict", "This credential was changed at the same time elsewhere; reload and try again");
  }
  return credentialView(await findCredentialOrThrow(workspaceId, id), now);
}
