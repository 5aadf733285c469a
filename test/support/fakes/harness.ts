// A fake vendor API on 127.0.0.1: each fake lists its routes (method, path pattern, what auth it
// takes, what body it expects); the harness records every request, refuses a wrong auth with
// 401, answers a route's own validation problem with the vendor's error shape, and can be told to
// answer the next matching request with a scripted failure (a 429 with Retry-After, a 401, a 500).
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: unknown;
  form: URLSearchParams;
};

export type FakeAnswer = { status?: number; body?: unknown; text?: string; headers?: Record<string, string> };

export type FakeRoute = {
  method: string;
  path: RegExp;
  /** The answer; throw a FakeRefusal for a validation error in the vendor's shape. */
  handle: (req: FakeRequest, match: RegExpExecArray) => FakeAnswer;
  /** This route's own auth check (e.g. the token endpoint's client secret); default: the fake's. */
  auth?: (req: FakeRequest) => boolean;
};

export type FakeVendor = {
  url: string;
  requests: FakeRequest[];
  /** The next request whose path matches `path` gets this answer instead (once). */
  failNext: (path: RegExp, answer: FakeAnswer) => void;
  /** Requests to the API (not the harness's own 401s): method + path. */
  calls: () => string[];
  close: () => Promise<void>;
};

export class FakeRefusal extends Error {
  constructor(readonly answer: FakeAnswer) {
    super("refused");
  }
}

type Options = {
  routes: FakeRoute[];
  /** Whether a request carries valid credentials. */
  authorized: (req: FakeRequest) => boolean;
  /** The vendor's answer to a missing or wrong credential. */
  unauthorized: FakeAnswer;
};

export async function startFakeVendor(options: Options): Promise<FakeVendor> {
  const requests: FakeRequest[] = [];
  const scripted: Array<{ path: RegExp; answer: FakeAnswer }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const r: FakeRequest = {
        method: req.method ?? "",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json,
        form: new URLSearchParams(/x-www-form-urlencoded/.test(req.headers["content-type"] ?? "") ? body : ""),
      };
      requests.push(r);
      const answer = route(r);
      const text = answer.text ?? JSON.stringify(answer.body ?? {});
      res
        .writeHead(answer.status ?? 200, {
          "content-type": answer.text !== undefined ? "text/plain; charset=utf-8" : "application/json",
          ...answer.headers,
        })
        .end(text);
    });
  });

  function route(r: FakeRequest): FakeAnswer {
    const at = scripted.findIndex((s) => s.path.test(r.path));
    if (at >= 0) return scripted.splice(at, 1)[0]!.answer;
    for (const rt of options.routes) {
      const m = rt.method === r.method ? rt.path.exec(r.path) : null;
      if (!m) continue;
      if (!(rt.auth ?? options.authorized)(r)) return options.unauthorized;
      try {
        return rt.handle(r, m);
      } catch (e) {
        if (e instanceof FakeRefusal) return e.answer;
        throw e;
      }
    }
    return { status: 404, body: { error: `fake: no route for ${r.method} ${r.path}` } };
  }

  await new Promise<void>((done) => server.listen(0, "127.0.0.1", () => done()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failNext: (path, answer) => void scripted.push({ path, answer }),
    calls: () => requests.map((r) => `${r.method} ${r.path}`),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Throws the vendor's validation error unless `ok`. */
export function expectOr(ok: boolean, answer: FakeAnswer): void {
  if (!ok) throw new FakeRefusal(answer);
}

export const bearerOf = (r: FakeRequest) => /^Bearer (.+)$/.exec(r.headers.authorization ?? "")?.[1];
