// GET /api/credentials - list credentials (masked); POST /api/credentials - store a credential
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { createCredential } from "@/lib/credentials/create-credential";
import { listCredentials } from "@/lib/credentials/list-credentials";
import { createCredentialBody } from "@/lib/credentials/types";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

export const GET = apiRoute(async () => json({ items: await listCredentials(await currentWorkspaceId()) }));

export const POST = apiRoute(async (req) => {
  const body = await readJson(req, createCredentialBody);
  return json(await createCredential(await currentWorkspaceId(), body), 201);
});
