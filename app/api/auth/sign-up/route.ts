// POST /api/auth/sign-up {email, password, name?, invite?} - the first user of an install becomes
// its owner; later ones need an invite token unless registration is open. Signs in (cookie).
// GET /api/auth/sign-up?invite=<token> - what the sign-up page shows: first user? invite? open?
import { fromZod } from "@/lib/api/errors";
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { ApiError } from "@/lib/api/errors";
import { signUp, signUpOffer } from "@/lib/auth/accounts";
import { sameOrigin } from "@/lib/auth/csrf";
import { clientIp, countSignUpAttempt } from "@/lib/auth/login-limit";
import { withCookies } from "@/lib/auth/respond";
import { signUpBody } from "@/lib/auth/schemas";
import { z } from "zod";

export const POST = apiRoute(async (req) => {
  if (!sameOrigin(req)) throw new ApiError("forbidden", "Cross-site request refused");
  const input = await readJson(req, signUpBody);
  // Each sign-up costs a password hash and may create a workspace: limited per client address.
  await countSignUpAttempt(clientIp(req));
  const { body, cookies } = await signUp(req, input);
  return withCookies(body, cookies, 201);
});

const query = z.object({ invite: z.string().max(100).optional() });

export const GET = apiRoute(async (req) => {
  const q = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!q.success) throw fromZod(q.error, "query string");
  return json(await signUpOffer(req.headers, q.data.invite));
});
