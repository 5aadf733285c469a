// ANY /api/hooks/:token (live URL) and /api/hooks/test/:token (test URL: stores samples for the
// editor). Under `npm start` the lean handler in scripts/server.ts answers these paths before Next
// sees them; this route serves `next dev` and any deployment without the custom server.
import { NextResponse } from "next/server";
import { handleWebRequest } from "@/lib/webhooks/handle-web-request";
import { WEBHOOK_ANSWER_HEADERS } from "@/lib/webhooks/answer-types";
import { parseHookPath } from "@/lib/webhooks/hook-path";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ path: string[] }> };

async function handle(req: Request, { params }: Ctx) {
  const hook = parseHookPath((await params).path);
  if (!hook)
    return NextResponse.json(
      { error: { code: "not_found", message: "Unknown webhook URL" } },
      { status: 404, headers: WEBHOOK_ANSWER_HEADERS },
    );
  return handleWebRequest(req, hook.token, hook.kind);
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
