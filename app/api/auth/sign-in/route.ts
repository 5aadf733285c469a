// POST /api/auth/sign-in {email, password} - sets the session cookie; one generic error for a
// wrong e-mail or password; rate-limited in the database per account and client address, counted
// before the password is checked (429)
import { apiRoute, readJson } from "@/lib/api/handler";
import { ApiError } from "@/lib/api/errors";
import { signIn } from "@/lib/auth/accounts";
import { sameOrigin } from "@/lib/auth/csrf";
import { withCookies } from "@/lib/auth/respond";
import { signInBody } from "@/lib/auth/schemas";

export const POST = apiRoute(async (req) => {
  if (!sameOrigin(req)) throw new ApiError("forbidden", "Cross-site request refused");
  const { body, cookies } = await signIn(req, await readJson(req, signInBody));
  return withCookies(body, cookies);
});
