// GET /api/credentials - list credentials (masked); POST /api/credentials - store a credential
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { storedAppValue } from "@/lib/apps/credential-values";
import { createCredential } from "@/lib/credentials/create-credential";
import { listCredentials } from "@/lib/credentials/list-credentials";
import { createCredentialBody } from "@/lib/credentials/types";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

export const GET = apiRoute(async () => json({ items: await listCredentials(await currentWorkspaceId()) }));

export const POST = apiRoute(async (req) => {
  const body = await readJson(req, createCredentialBody);
  // An app account is stored as its fields' schemas output it (a Shopify shop's normalized domain).
  const value = body.type === "app" ? { ...body, value: storedAppValue(body.value) } : body;
  return json(await createCredential(await currentWorkspaceId(), value), 201);
});
