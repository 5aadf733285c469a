// One credential of the workspace, masked; 404 otherwise.
import "server-only";
import { findCredentialOrThrow } from "./find-credential-or-throw";
import { credentialView } from "./to-view";

export async function getCredential(workspaceId: string, id: string, now = Date.now()) {
  return credentialView(await findCredentialOrThrow(workspaceId, id), now);
}
