// POST /api/auth/invite {invite} - a signed-in user accepts an invite link: joins that workspace
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { acceptInvite } from "@/lib/auth/accounts";
import { currentUser } from "@/lib/auth/respond";
import { acceptInviteBody } from "@/lib/auth/schemas";

export const POST = apiRoute(async (req) =>
  json(await acceptInvite((await readJson(req, acceptInviteBody)).invite, currentUser())),
);
