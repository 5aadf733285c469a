// The ingest path behind a Next route handler (`next dev`, or a deployment without the custom
// server): the same lib/webhooks/ingest, fed from a Web Request.
import "server-only";
import { errorResponse } from "@/lib/api/handler";
import { credentialSecrets } from "@/lib/credentials/credential-secrets";
import { PEER_ADDRESS_HEADER, requestClientAddress } from "@/lib/net/client-address";
import { WEBHOOK_ANSWER_HEADERS } from "./answer-types";
import { ingest } from "./ingest";
import { readLimited } from "./read-body";

export async function handleWebRequest(req: Request, token: string, kind: "live" | "test"): Promise<Response> {
  try {
    const url = new URL(req.url);
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => (headers[k] = v));
    // Set by the public listener, not by the sender: the request log keeps the sender's headers as sent.
    delete headers[PEER_ADDRESS_HEADER];
    const answer = await ingest(
      {
        token,
        kind,
        method: req.method,
        headers,
        query: url.search.replace(/^\?/, ""),
        // The address sign-in counts by: the peer the public listener saw, or the operator's proxy's last hop.
        sourceIp: requestClientAddress(req),
        readBody: (limit) => readLimited((req.body ?? []) as unknown as AsyncIterable<Uint8Array>, limit),
      },
      credentialSecrets,
    );
    return new Response(answer.body, {
      status: answer.status,
      headers: { "content-type": answer.contentType, ...WEBHOOK_ANSWER_HEADERS, ...answer.headers },
    });
  } catch (e) {
    // Storing failed: answer 5xx so the sender retries; nothing was acknowledged.
    const res = errorResponse(e);
    for (const [k, v] of Object.entries(WEBHOOK_ANSWER_HEADERS)) res.headers.set(k, v);
    return res;
  }
}
