// The workspace of the current request: the caller's (session or API key), set by apiRoute
// (lib/api/handler.ts). Every query filters by it, so another workspace's rows are "not found".
// Outside apiRoute (a server component), the session cookie decides. Only under vitest, with no
// request at all, it is the default workspace the library-level tests share.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { authenticate } from "@/lib/auth/authenticate";
import { principalInContext } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";

export const DEFAULT_WORKSPACE_ID = "ws_default";

const g = globalThis as unknown as { __hooklineWorkspaceReady?: Promise<void> };

export async function currentWorkspaceId(): Promise<string> {
  const p = principalInContext();
  if (p?.workspaceId) return p.workspaceId;
  if (p === undefined) {
    const fromCookie = await workspaceFromRequestCookies();
    if (fromCookie) return fromCookie;
    if (process.env.VITEST) return testDefaultWorkspace();
  }
  throw new ApiError("unauthorized", "Sign in to see this workspace");
}

async function workspaceFromRequestCookies(): Promise<string | null> {
  let cookieHeader: string | null = null;
  try {
    const { headers } = await import("next/headers");
    cookieHeader = (await headers()).get("cookie");
  } catch {
    return null; // not inside a Next request
  }
  if (!cookieHeader) return null;
  const p = await authenticate(new Headers({ cookie: cookieHeader }));
  return p?.workspaceId ?? null;
}

async function testDefaultWorkspace(): Promise<string> {
  g.__hooklineWorkspaceReady ??= (async () => {
    const db = await getDb();
    await db.workspace.upsert({
      where: { id: DEFAULT_WORKSPACE_ID },
      create: { id: DEFAULT_WORKSPACE_ID, name: "Default" },
      update: {},
    });
  })().catch((e) => {
    g.__hooklineWorkspaceReady = undefined;
    throw e;
  });
  await g.__hooklineWorkspaceReady;
  return DEFAULT_WORKSPACE_ID;
}
