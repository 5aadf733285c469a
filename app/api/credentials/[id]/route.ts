// GET /api/credentials/:id - one credential (masked); PUT - rename and/or set (rotate) its value;
// DELETE - remove it
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { deleteCredential } from "@/lib/credentials/delete-credential";
import { getCredential } from "@/lib/credentials/get-credential";
import { updateCredentialBody } from "@/lib/credentials/types";
import { updateCredential } from "@/lib/credentials/update-credential";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute<Ctx>(async (_req, { params }) =>
  json(await getCredential(await currentWorkspaceId(), (await params).id)),
);

export const PUT = apiRoute<Ctx>(async (req, { params }) => {
  const body = await readJson(req, updateCredentialBody);
  return json(await updateCredential(await currentWorkspaceId(), (await params).id, body));
});

export const DELETE = apiRoute<Ctx>(async (_req, { params }) => {
  await deleteCredential(await currentWorkspaceId(), (await params).id);
  return new Response(null, { status: 204 });
});
