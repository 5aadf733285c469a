// Reading a request body within a limit, for both carriers of the ingest path (the lean node:http
// handler and the Next route). Past the limit the rest is drained (up to a hard cap) so the
// sender gets a clean 413 instead of a reset connection.
import type { IncomingMessage } from "node:http";

const HARD_CAP = 64 * 1024 * 1024;

export type ReadBody = { body: Uint8Array; truncated: boolean };

/** Keeps the first `limit` bytes of the chunks it is given; `add` answers false past the hard cap. */
function keeper(limit: number) {
  const kept: Uint8Array[] = [];
  let size = 0;
  let seen = 0;
  return {
    add(chunk: Uint8Array): boolean {
      seen += chunk.length;
      if (size < limit) {
        const take = Math.min(chunk.length, limit - size);
        kept.push(take === chunk.length ? chunk : chunk.subarray(0, take));
        size += take;
      }
      return seen <= HARD_CAP;
    },
    result: (): ReadBody => ({ body: kept.length === 1 ? kept[0]! : Buffer.concat(kept), truncated: seen > limit }),
  };
}

export async function readLimited(source: AsyncIterable<Uint8Array>, limit: number): Promise<ReadBody> {
  const k = keeper(limit);
  for await (const chunk of source) if (!k.add(chunk)) break;
  return k.result();
}

/**
 * The same for a node:http request, on its events: the async iterator costs a promise and a
 * stream-end watcher per request on the hot path. A request that closes before its body ends fails.
 */
export function readNodeBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const k = keeper(limit);
    const done = (fn: () => void) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
      fn();
    };
    const onData = (chunk: Buffer) => {
      if (!k.add(chunk)) done(() => (req.destroy(), resolve(k.result())));
    };
    const onEnd = () => done(() => resolve(k.result()));
    const onError = (e: Error) => done(() => reject(e));
    const onClose = () => done(() => reject(new Error("The request closed before its body ended")));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}
