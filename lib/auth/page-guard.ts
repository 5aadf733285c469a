// Server-side check for pages: a stale or missing session goes to /sign-in (proxy.ts only checks
// that a cookie is there).
import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authenticate } from "./authenticate";

export async function requireSignedIn() {
  const h = await headers();
  const cookie = h.get("cookie");
  const p = cookie ? await authenticate(new Headers({ cookie })).catch(() => null) : null;
  if (!p || p.kind !== "user") redirect("/sign-in");
  return p;
}
