// Reading a request body within a limit, for both carriers of the ingest path (the lean node:http
// handler and the Next route). Past the limit the rest is drained (up to a hard cap) so the
// sender gets a clean 413 instead of a reset connection.
const HARD_CAP = 64 * 1024 * 1024;

type Chunks = AsyncIterable<Uint8Array>;

export async function readLimited(source: Chunks, limit: number, abort?: () => void): Promise<{ body: Uint8Array; truncated: boolean }> {
  const kept: Uint8Array[] = [];
  let size = 0;
  let seen = 0;
  for await (const chunk of source) {
    seen += chunk.length;
    if (size < limit) {
      const take = Math.min(chunk.length, limit - size);
      kept.push(take === chunk.length ? chunk : chunk.subarray(0, take));
      size += take;
    }
    if (seen > HARD_CAP) {
      abort?.();
      break;
    }
  }
  return { body: kept.length === 1 ? kept[0]! : Buffer.concat(kept), truncated: seen > limit };
}
