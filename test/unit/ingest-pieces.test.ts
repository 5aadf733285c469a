// Small pure parts of the ingest path: URL paths, bounded body reading, JSON depth, redaction.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { parseHookPath } from "@/lib/webhooks/hook-path";
import { jsonDepth, parseBody } from "@/lib/deliveries/parse-body";
import { readLimited, readNodeBody } from "@/lib/webhooks/read-body";
import { deniedHeadersSchema, headerPolicy, REDACTED, redactQuery, storedHeaders } from "@/lib/webhooks/redact";
import { budgetAddress } from "@/lib/webhooks/reject-budget";

const TOKEN = "AbCdEfGhIjKlMnOpQrStUvWx_-12";

describe("webhook URL paths", () => {
  it("tells live and test URLs apart and refuses anything else", () => {
    expect(parseHookPath([TOKEN])).toEqual({ token: TOKEN, kind: "live" });
    expect(parseHookPath(["test", TOKEN])).toEqual({ token: TOKEN, kind: "test" });
    expect(parseHookPath(["live", TOKEN])).toBeNull();
    expect(parseHookPath(["short"])).toBeNull();
    expect(parseHookPath([TOKEN, "extra"])).toBeNull();
    expect(parseHookPath(["../../etc"])).toBeNull();
  });
});

async function* chunks(...parts: string[]) {
  for (const p of parts) yield new TextEncoder().encode(p);
}

describe("reading a body within a limit", () => {
  it("keeps everything under the limit", async () => {
    const r = await readLimited(chunks("hello ", "world"), 100);
    expect(Buffer.from(r.body).toString()).toBe("hello world");
    expect(r.truncated).toBe(false);
  });
  it("keeps only the first bytes and says it cut", async () => {
    const r = await readLimited(chunks("hello ", "world"), 8);
    expect(Buffer.from(r.body).toString()).toBe("hello wo");
    expect(r.truncated).toBe(true);
  });
  it("an exact fit is not a cut", async () => {
    expect((await readLimited(chunks("12345"), 5)).truncated).toBe(false);
  });
});

describe("JSON nesting", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it("counts brackets outside strings only", () => {
    expect(jsonDepth(enc('{"a":[1,{"b":2}]}'))).toBe(3);
    expect(jsonDepth(enc('{"a":"[[[[{{{{"}'))).toBe(1);
    expect(jsonDepth(enc('{"a":"\\"[[["}'))).toBe(1);
  });
  it("reads long strings (found natively) the same as short ones: escaped quotes and backslash runs", () => {
    const long = "x".repeat(40);
    expect(jsonDepth(enc(`{"a":"${long}[[["}`))).toBe(1);
    expect(jsonDepth(enc(`{"a":"${long}\\"[[["}`))).toBe(1); // \" escaped: still inside
    expect(jsonDepth(enc(`{"a":"${long}\\\\",[[1]]}`))).toBe(3); // \\\\ then a closing quote
    expect(jsonDepth(enc(`{"a":"${long}\\\\\\"[[["}`))).toBe(1); // three backslashes: escaped
    expect(jsonDepth(enc(`[["${long}`))).toBe(2); // unterminated
  });
  it("agrees with a byte-by-byte reading on random inputs, short and long strings alike", () => {
    const reference = (b: Uint8Array, limit: number) => {
      let depth = 0;
      let max = 0;
      let inString = false;
      for (let i = 0; i < b.length; i++) {
        const c = b[i];
        if (inString) {
          if (c === 0x5c) i++;
          else if (c === 0x22) inString = false;
        } else if (c === 0x22) inString = true;
        else if (c === 0x5b || c === 0x7b) {
          if (++depth > max) max = depth;
          if (max > limit) return max;
        } else if (c === 0x5d || c === 0x7d) depth--;
      }
      return max;
    };
    const alphabet = ['"', "\\", "[", "]", "{", "}", "a", "a", "a", "a", "a", "a", ","];
    let seed = 42;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    let compared = 0;
    for (let t = 0; t < 20_000; t++) {
      let text = "";
      // Now and then a run past the byte-by-byte stretch, so strings end in both ways.
      for (let len = rnd(60), j = 0; j < len; j++)
        text += rnd(12) === 0 ? "a".repeat(30 + rnd(40)) : alphabet[rnd(alphabet.length)];
      const bytes = enc(text);
      for (const limit of [1, 3, 64]) {
        expect(jsonDepth(bytes, limit), `${JSON.stringify(text)} limit ${limit}`).toBe(reference(bytes, limit));
        compared++;
      }
    }
    expect(compared).toBe(60_000);
  });
  it("refuses a body nested past 64 levels before parsing it", () => {
    const deep = "[".repeat(65) + "]".repeat(65);
    expect(parseBody("application/json", enc(deep))).toEqual({
      kind: "error",
      message: "JSON nested deeper than 64 levels",
    });
    expect(parseBody("application/json", enc("[".repeat(64) + "]".repeat(64))).kind).toBe("json");
  });
  it("reports malformed JSON with the parser's message", () => {
    const r = parseBody("application/json; charset=utf-8", enc("{oops"));
    expect(r.kind).toBe("error");
    expect(r.kind === "error" && r.message).toMatch(/^Malformed JSON: /);
  });
  it("parses vendor JSON types and form bodies, keeps others raw", () => {
    expect(parseBody("application/vnd.api+json", enc('{"a":1}'))).toEqual({ kind: "json", value: { a: 1 } });
    expect(parseBody("application/x-www-form-urlencoded", enc("a=1&b=x+y"))).toEqual({
      kind: "form",
      value: { a: "1", b: "x y" },
    });
    expect(parseBody("application/octet-stream", enc("\u0000\u0001"))).toEqual({ kind: "raw" });
  });
});

describe("the request log's header policy", () => {
  const headers = {
    authorization: "Basic dXNlcjpwYXNz",
    "x-token": "s3cret",
    "content-type": "application/json",
    "x-shop": "acme",
  };
  const stored = (v: Parameters<typeof headerPolicy>[0], h: Record<string, string> = headers, denied: string[] = []) =>
    storedHeaders(headerPolicy(v, denied), h);
  it("hides Authorization, Cookie and Proxy-Authorization whatever the verification", () => {
    const h = { ...headers, cookie: "session=abc", "proxy-authorization": "Basic eA==" };
    expect(stored({ preset: "none" }, h)).toEqual({
      ...h,
      authorization: REDACTED,
      cookie: REDACTED,
      "proxy-authorization": REDACTED,
    });
  });
  it("hides every preset's signature header and the flow's own secret or signature header", () => {
    const signed = {
      "stripe-signature": "t=1,v1=ab",
      "x-shopify-hmac-sha256": "x",
      "x-hub-signature": "sha1=a",
      "x-hub-signature-256": "sha256=a",
      "webhook-signature": "v1,a",
      "webhook-id": "msg_1",
    };
    expect(stored({ preset: "none" }, signed)).toEqual({
      ...Object.fromEntries(Object.keys(signed).map((k) => [k, REDACTED])),
      "webhook-id": "msg_1",
    });
    expect(stored({ preset: "token", in: "header", name: "X-Token" })).toMatchObject({
      "x-token": REDACTED,
      "x-shop": "acme",
    });
    const hmac = {
      preset: "hmac",
      algorithm: "sha256",
      encoding: "hex",
      header: "X-Sig",
      prefix: "",
      toleranceSeconds: 300,
      timestampHeader: "X-Ts",
    } as const;
    expect(stored(hmac, { "x-sig": "abc", "x-ts": "1" })).toEqual({ "x-sig": REDACTED, "x-ts": "1" });
  });
  it("hides the workspace's deny-list; a request with none of them is stored as is (not copied)", () => {
    expect(stored({ preset: "none" }, headers, ["x-shop"])).toMatchObject({ "x-shop": REDACTED, "x-token": "s3cret" });
    const plain = { "content-type": "application/json" };
    expect(stored({ preset: "none" }, plain)).toBe(plain);
  });
  it("hides a token query parameter, nothing else", () => {
    expect(redactQuery({ preset: "token", in: "query", name: "key" }, "key=s3cret&order=1")).toBe(
      `key=${encodeURIComponent(REDACTED)}&order=1`,
    );
    expect(redactQuery({ preset: "stripe", toleranceSeconds: 300 }, "key=s3cret")).toBe("key=s3cret");
  });
  it("validates the deny-list: lower-cased, unique, header names only", () => {
    expect(deniedHeadersSchema.parse([" X-Api-Key ", "x-api-key", "X-Other"])).toEqual(["x-api-key", "x-other"]);
    expect(deniedHeadersSchema.safeParse(["bad header"]).success).toBe(false);
    expect(deniedHeadersSchema.safeParse([""]).success).toBe(false);
  });
});

describe("the address a rejection budget counts against", () => {
  it("IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64", () => {
    expect(budgetAddress("203.0.113.9")).toBe("address:203.0.113.9");
    expect(budgetAddress("::ffff:203.0.113.9")).toBe("address:203.0.113.9");
    expect(budgetAddress("2001:db8:0:12:aaaa::1")).toBe("address:2001:db8:0:12::/64");
    expect(budgetAddress("2001:db8::12:1:2:3")).toBe(budgetAddress("2001:db8:0:0:99::"));
    expect(budgetAddress("::1")).toBe("address:0:0:0:0::/64");
    expect(budgetAddress(null)).toBeNull();
  });
});

describe("reading a node:http request body within a limit", () => {
  /** A real server that answers with what readNodeBody made of the request (or its error). */
  async function serve(limit: number) {
    const server = http.createServer((req, res) => {
      readNodeBody(req, limit).then(
        (r) => res.end(JSON.stringify({ body: Buffer.from(r.body).toString(), truncated: r.truncated })),
        (e: Error) => errors.push(e.message),
      );
    });
    const errors: string[] = [];
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    /** Sends the parts as chunks (chunked encoding), `end` false = the connection drops instead. */
    const send = (parts: string[], end = true) =>
      new Promise<{ body: string; truncated: boolean } | null>((resolve, reject) => {
        const req = http.request({ port, host: "127.0.0.1", method: "POST", path: "/" }, (res) => {
          let text = "";
          res
            .setEncoding("utf8")
            .on("data", (d: string) => (text += d))
            .on("end", () => resolve(JSON.parse(text)));
        });
        req.on("error", (e) => (end ? reject(e) : resolve(null)));
        for (const p of parts) req.write(p);
        if (end) req.end();
        else setTimeout(() => req.destroy(), 50);
      });
    return { send, errors, close: () => server.close() };
  }

  it("keeps every chunk under the limit, cuts past it, and fails when the sender drops mid-body", async () => {
    const s = await serve(8);
    try {
      expect(await s.send(["hello ", "wo"])).toEqual({ body: "hello wo", truncated: false });
      expect(await s.send(["hello ", "world"])).toEqual({ body: "hello wo", truncated: true });
      expect(await s.send(["hel"], false)).toBeNull();
      await vi.waitFor(() => expect(s.errors).toHaveLength(1));
      expect(s.errors[0]).toMatch(/aborted|closed before its body ended/);
    } finally {
      s.close();
    }
  });
});
