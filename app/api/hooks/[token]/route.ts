// ANY /api/hooks/:token - the inbound webhook URL: store the raw request, then acknowledge.
import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/api/handler";
import { ingest } from "@/lib/webhooks/ingest";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ token: string }> };

async function handle(req: Request, { params }: Ctx) {
  try {
    const { token } = await params;
    const url = new URL(req.url);
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => (headers[k] = v));
    const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    const answer = await ingest({
      token,
      method: req.method,
      headers,
      query: url.search.replace(/^\?/, ""),
      body: new Uint8Array(await req.arrayBuffer()),
      sourceIp: forwarded ?? req.headers.get("x-real-ip"),
    });
    return NextResponse.json(answer.body, { status: answer.status });
  } catch (e) {
    // Storing failed: answer 5xx so the sender retries; nothing was acknowledged.
    return errorResponse(e);
  }
}

export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
