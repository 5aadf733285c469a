// GET /api/auth/session - the signed-in user, their workspaces and their role in the current one
import { apiRoute, json } from "@/lib/api/handler";
import { sessionInfo } from "@/lib/auth/accounts";
import { currentUser } from "@/lib/auth/respond";

export const GET = apiRoute(async () => json(await sessionInfo(currentUser())));
