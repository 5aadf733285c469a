// Next 16's proxy (formerly middleware): pages need a session. Without a session cookie, a page
// request is redirected to /sign-in?next=<where it was going>. This only checks that the cookie is
// there (cheap, no database); the API checks the session itself on every call (lib/api/handler.ts),
// and the app's layout sends a stale session to /sign-in too. API routes, webhook URLs, the Inngest
// endpoint and static files are not matched.
import { NextResponse, type NextRequest } from "next/server";

const COOKIES = ["hookline.session_token", "__Secure-hookline.session_token"];

export function proxy(req: NextRequest) {
  if (COOKIES.some((c) => req.cookies.has(c))) return NextResponse.next();
  const url = req.nextUrl.clone();
  const next = req.nextUrl.pathname + req.nextUrl.search;
  url.pathname = "/sign-in";
  url.search = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Everything except the API, Next's assets, public files and the sign-in/up/invite pages.
  matcher: ["/((?!api/|_next/|sign-in|sign-up|invite/|icon\\.svg|favicon\\.ico|robots\\.txt|screenshots/).*)"],
};
