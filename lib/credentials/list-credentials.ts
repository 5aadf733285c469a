// The workspace's credentials, masked, by name (sorted here: SQLite and PostgreSQL collate differently).
import "server-only";
import { getDb } from "@/lib/db";
import { credentialView } from "./to-view";

export async function listCredentials(workspaceId: string, now = Date.now()) {
  const db = await getDb();
  const rows = await db.credential.findMany({ where: { workspaceId } });
  return rows
    .map((row) => credentialView(row, now))
    .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }) || a.id.localeCompare(b.id));
}
