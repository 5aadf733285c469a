// POST /api/auth/sign-out - ends this session and clears its cookie
import { apiRoute } from "@/lib/api/handler";
import { signOut } from "@/lib/auth/accounts";
import { withCookies } from "@/lib/auth/respond";

export const POST = apiRoute(async (req) => {
  const { body, cookies } = await signOut(req);
  return withCookies(body, cookies);
});
