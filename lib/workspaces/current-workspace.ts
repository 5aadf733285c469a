// Until accounts land, everything belongs to one default workspace, created on first use.
// Every query still filters by workspace id, so adding accounts changes only this function.
import "server-only";
import { getDb } from "@/lib/db";

export const DEFAULT_WORKSPACE_ID = "ws_default";

const g = globalThis as unknown as { __hooklineWorkspaceReady?: Promise<void> };

export async function currentWorkspaceId(): Promise<string> {
  g.__hooklineWorkspaceReady ??= (async () => {
    const db = await getDb();
    await db.workspace.upsert({ where: { id: DEFAULT_WORKSPACE_ID }, create: { id: DEFAULT_WORKSPACE_ID, name: "Default" }, update: {} });
  })().catch((e) => {
    g.__hooklineWorkspaceReady = undefined;
    throw e;
  });
  await g.__hooklineWorkspaceReady;
  return DEFAULT_WORKSPACE_ID;
}
