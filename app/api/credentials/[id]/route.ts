// GET /api/credentials/:id - one credential (masked); PUT - rename and/or set (rotate) its value;
// DELETE - remove it
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { storedAppValue } from "@/lib/apps/credential-values";
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
  // A new app account value is stored as its fields' schemas output it (as on create). Only a
  // value naming a catalog app whose fields parse changes; anything else reaches the row's own
  // type check as it was sent.
  const update = body.value === undefined ? body : { ...body, value: storedAppValue(body.value) };
  return json(await updateCredential(await currentWorkspaceId(), (await params).id, update));
});

export const DELETE = apiRoute<Ctx>(async (_req, { params }) => {
  await deleteCredential(await currentWorkspaceId(), (await params).id);
  return new Response(null, { status: 204 });
});
