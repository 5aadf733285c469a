// GET /api/oauth/callback?code=…&state=… - where a vendor sends the browser back after "Connect
// account". The state must match a pending account started in this session (single use, 10
// minutes); the code is exchanged with the PKCE verifier. Answers with a redirect to the Apps
// page, saying what happened (never a token).
import { ApiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { currentUser } from "@/lib/auth/respond";
import { completeConnect } from "@/lib/apps/server/oauth-connect";
import { publicOrigin } from "@/lib/webhooks/webhook-url";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

export const GET = apiRoute(async (req) => {
  const url = new URL(req.url);
  const back = new URL("/apps", url.origin);
  const user = currentUser(); // a person, in the session that started the connect
  try {
    const done = await completeConnect({
      workspaceId: await currentWorkspaceId(),
      userId: user.userId,
      sessionId: user.sessionId,
      callbackUrl: url,
      // The code exchange repeats the redirect_uri the connect sent: the same origin (publicOrigin).
      requestOrigin: publicOrigin(req),
    });
    back.searchParams.set("connected", done.credentialId);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    back.searchParams.set("error", e.message);
  }
  return new Response(null, { status: 303, headers: { location: `${back.pathname}${back.search}` } });
});
