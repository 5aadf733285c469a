// GET /api/api-keys - the workspace's API keys (never the secret); POST {name, scope} - a new key,
// its secret in this answer only
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { createApiKey, listApiKeys } from "@/lib/auth/api-keys";
import { currentUser } from "@/lib/auth/respond";
import { createApiKeyBody } from "@/lib/auth/schemas";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

export const GET = apiRoute(async () => json({ items: await listApiKeys(await currentWorkspaceId()) }));

export const POST = apiRoute(async (req) => {
  const body = await readJson(req, createApiKeyBody);
  // The key acts for the owner creating it, never beyond their role (lib/auth/api-keys.ts).
  const user = currentUser();
  return json(await createApiKey(await currentWorkspaceId(), body, user.userId, user.role ?? "viewer"), 201);
});
