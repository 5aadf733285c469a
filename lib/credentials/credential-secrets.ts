// For webhook verification: every secret accepted right now, the current one first, then the
// previous one while its rotation window lasts (previousValidUntil > now). A missing credential
// (deleted, another workspace's) or one of another type gives [], which verification reports as
// "no secret"; a value that cannot be decrypted throws (a misconfigured key, not a bad delivery).
import "server-only";
import { getDb } from "@/lib/db";
import { activePrevious, openDocument } from "./credential-document";

export async function credentialSecrets(workspaceId: string, id: string, now = Date.now()): Promise<string[]> {
  const db = await getDb();
  const row = await db.credential.findFirst({ where: { id, workspaceId } });
  if (!row || row.type !== "webhook-secret") return [];
  const { doc } = openDocument(row);
  const previous = activePrevious(doc, now)?.value;
  return [doc.current, previous].filter((s): s is string => typeof s === "string");
}
