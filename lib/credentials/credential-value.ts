// For actions that use a credential (a bearer token, an SMTP login...): the current value,
// decrypted and parsed. Pass the type the caller expects to get its precise shape; another type
// is refused rather than sending, say, a Slack URL as a password. 404 outside the workspace.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { openDocument } from "./credential-document";
import { findCredentialOrThrow } from "./find-credential-or-throw";
import type { CredentialType, CredentialValueOf } from "./types";

export async function credentialValue<T extends CredentialType = CredentialType>(
  workspaceId: string,
  id: string,
  expected?: T,
): Promise<CredentialValueOf<T>> {
  const row = await findCredentialOrThrow(workspaceId, id);
  if (expected !== undefined && row.type !== expected) {
    throw new ApiError("unprocessable", `Credential "${row.name}" is a ${row.type}, not a ${expected}`);
  }
  return openDocument(row).doc.current as CredentialValueOf<T>;
}
