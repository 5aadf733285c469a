// The ingest path behind a Next route handler (`next dev`, or a deployment without the custom
// server): the same lib/webhooks/ingest, fed from a Web Request.
import "server-only";
import { errorResponse } from "@/lib/api/handler";
import { credentialSecrets } from "@/lib/credentials/credential-secrets";
import { ingest } from "./ingest";
import { readLimited } from "./read-body";

export async function handleWebRequest(req: Request, token: string, kind: "live" | "test"): Promise<Response> {
  try {
    const url = new URL(req.url);
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => (headers[k] = v));
    const answer = await ingest(
      {
        token,
        kind,
        method: req.method,
        headers,
        query: url.search.replace(/^\?/, ""),
        sourceIp: req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
        readBody: (limit) => readLimited((req.body ?? []) as unknown as AsyncIterable<Uint8Array>, limit),
      },
      credentialSecrets,
    );
    return new Response(answer.body, { status: answer.status, headers: { "content-type": answer.contentType, ...answer.headers } });
  } catch (e) {
    // Storing failed: answer 5xx so the sender retries; nothing was acknowledged.
    return errorResponse(e);
  }
}
