// Loads a credential row of the workspace; 404 otherwise (another workspace's id included).
import "server-only";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";

export async function findCredentialOrThrow(workspaceId: string, id: string) {
  const db = await getDb();
  const row = await db.credential.findFirst({ where: { id, workspaceId } });
  if (!row) throw notFound("Credential");
  return row;
}
