// Deletes a credential of the workspace; 404 otherwise. A flow that still names it then fails
// verification with "no secret" rather than accepting unsigned deliveries.
import "server-only";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";

export async function deleteCredential(workspaceId: string, id: string): Promise<void> {
  const db = await getDb();
  const { count } = await db.credential.deleteMany({ where: { id, workspaceId } });
  if (count === 0) throw notFound("Credential");
}
