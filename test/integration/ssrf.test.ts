// The SSRF guard on real connections: loopback, private ranges, link-local (cloud metadata),
// names that resolve inside, redirects that lead inside and non-http schemes are refused before
// anything is sent; the admin allow-list opens exactly what it names. The request goes through
// the HTTP node's own send path with an explicit policy (the app's default reads
// HOOKLINE_ALLOW_HOSTS, which the test harness sets to 127.0.0.1).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendHttp, type HttpInput } from "@/lib/engine/executors/http";
import { PermanentError } from "@/lib/engine/step-error";
import { guardedRequest } from "@/lib/net/guarded-request";
import { policyWith, type Resolver } from "@/lib/net/outbound-policy";
import { startTarget } from "../support/target-server";

let target: Awaited<ReturnType<typeof startTarget>>;
let port: number;
// /to?u=<url> redirects there.
beforeAll(async () => {
  target = await startTarget((req) => {
    const u = new URL(req.path, "http://t").searchParams.get("u");
    return u ? { status: 302, headers: { location: u } } : { status: 200, body: { reached: req.path } };
  });
  port = Number(new URL(target.url).port);
});
afterAll(() => target?.close());

const ctx = { runId: "run_ssrf", nodeId: "http_1", attempt: 0, idempotencyKey: "run_ssrf:http_1" };
const req = (url: string, extra: Partial<HttpInput> = {}): HttpInput => ({
  method: "POST",
  url,
  headers: {},
  body: { a: 1 },
  timeoutMs: 3_000,
  ...extra,
});
// A resolver standing in for DNS: names of the test's own choosing, nothing else.
const fakeDns =
  (table: Record<string, string[]>): Resolver =>
  async (host) => {
    const found = table[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
const closed = policyWith("");

async function refusal(url: string, policy = closed, extra: Partial<HttpInput> = {}): Promise<Error> {
  const before = target.received.length;
  const outcome = await sendHttp(req(url, extra), ctx, policy).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected ${url} to be refused, got ${JSON.stringify(outcome.value)}`);
  expect(target.received.length).toBe(before);
  expect(outcome.error).toBeInstanceOf(PermanentError);
  return outcome.error as Error;
}

describe("refused by default", () => {
  it.each([
    ["127.0.0.1", () => `http://127.0.0.1:${port}/`, "loopback"],
    ["[::1]", () => `http://[::1]:${port}/`, "loopback"],
    ["IPv4-mapped ::ffff:127.0.0.1", () => `http://[::ffff:127.0.0.1]:${port}/`, "loopback"],
    ["0.0.0.0", () => `http://0.0.0.0:${port}/`, "unspecified"],
    ["10/8", () => "http://10.12.0.9/", "10.0.0.0/8"],
    ["172.16/12", () => "http://172.31.255.1:8080/", "172.16.0.0/12"],
    ["192.168/16", () => "https://192.168.1.20/admin", "192.168.0.0/16"],
    ["169.254.169.254 (cloud metadata)", () => "http://169.254.169.254/latest/meta-data/", "link-local"],
    ["fc00::/7", () => "http://[fd12:3456::1]/", "unique-local"],
    ["a decimal-encoded 127.0.0.1", () => `http://2130706433:${port}/`, "loopback"],
  ])("%s", async (_label, url, reason) => {
    const error = await refusal(url());
    expect(error.message).toContain(reason);
    expect(error.message).toContain("HOOKLINE_ALLOW_HOSTS");
  });

  it("a host name that resolves to loopback (localhost, through the system resolver)", async () => {
    expect((await refusal(`http://localhost:${port}/`)).message).toMatch(/localhost resolves to (127\.0\.0\.1|::1)/);
  });

  it("a host name that resolves to a private address (a resolver of the test's own)", async () => {
    const error = await refusal(
      "http://crm.internal.test/",
      policyWith("", fakeDns({ "crm.internal.test": ["10.0.0.5"] })),
    );
    expect(error.message).toContain("crm.internal.test resolves to 10.0.0.5");
  });

  it("a host name with one public and one private address", async () => {
    const error = await refusal(
      "http://mixed.test/",
      policyWith("", fakeDns({ "mixed.test": ["93.184.216.34", "192.168.0.4"] })),
    );
    expect(error.message).toContain("192.168.0.4");
  });

  it.each(["file:///etc/passwd", "gopher://127.0.0.1:70/_", "ftp://example.com/x"])("the scheme of %s", async (url) => {
    expect((await refusal(url)).message).toContain("Only http and https");
  });
});

describe("redirects are checked hop by hop", () => {
  const open = () => policyWith(`127.0.0.1:${port}`);
  it.each([
    ["localhost", () => `http://localhost:${port}/secret`],
    ["[::1]", () => `http://[::1]:${port}/secret`],
    ["169.254.169.254", () => "http://169.254.169.254/latest/meta-data/iam"],
    ["10/8", () => "http://10.0.0.1/"],
  ])("a redirect to %s is refused, and the second hop never sent", async (_label, to) => {
    const before = target.received.length;
    const outcome = await sendHttp(
      req(`${target.url}/to?u=${encodeURIComponent(to())}`, { followRedirects: true }),
      ctx,
      open(),
    ).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(outcome).toBeInstanceOf(PermanentError);
    expect(outcome!.message).toContain("Refused to connect");
    expect(target.received.length).toBe(before + 1); // the first hop only
  });

  it("an allowed redirect is followed", async () => {
    const out = await sendHttp(
      req(`${target.url}/to?u=${encodeURIComponent(`${target.url}/landed`)}`, { followRedirects: true }),
      ctx,
      open(),
    );
    expect(out).toMatchObject({ status: 200, body: { reached: "/landed" } });
  });
});

describe("the allow-list", () => {
  it("host:port opens that port only", async () => {
    expect(await sendHttp(req(`http://127.0.0.1:${port}/ok`), ctx, policyWith(`127.0.0.1:${port}`))).toMatchObject({
      status: 200,
    });
    await refusal(`http://127.0.0.1:${port + 1 > 65535 ? port - 1 : port + 1}/`, policyWith(`127.0.0.1:${port}`));
  });

  it("a name opens the name, not the address it resolves to, nor the other way round", async () => {
    expect(
      await sendHttp(
        req(`http://localhost:${port}/by-name`),
        ctx,
        policyWith("localhost", fakeDns({ localhost: ["127.0.0.1"] })),
      ),
    ).toMatchObject({
      status: 200,
    });
    await refusal(`http://127.0.0.1:${port}/`, policyWith("localhost"));
    await refusal(`http://localhost:${port}/`, policyWith("127.0.0.1"));
  });

  it("a range opens every name that resolves into it", async () => {
    const policy = policyWith("127.0.0.0/8", fakeDns({ "inventory.lan": ["127.0.0.1"] }));
    expect(await sendHttp(req(`http://inventory.lan:${port}/stock`), ctx, policy)).toMatchObject({
      body: { reached: "/stock" },
    });
  });

  // The connection goes to the address the guard checked: inventory.lan exists only in the
  // test's resolver, so reaching the target proves the socket used that answer (no second lookup).
  it("pins the connection to the checked address", async () => {
    const res = await guardedRequest({
      method: "GET",
      url: `http://inventory.lan:${port}/pinned`,
      timeoutMs: 3_000,
      policy: policyWith("inventory.lan", fakeDns({ "inventory.lan": ["127.0.0.1"] })),
    });
    expect(res.status).toBe(200);
    expect(target.received.at(-1)!.headers.host).toBe(`inventory.lan:${port}`);
  });
});

describe("pooled connections", () => {
  // A raw server that counts connections; it answers every request, and on `/drop` it closes the
  // connection without answering when that connection has served a request before (what a server
  // does when its keep-alive timeout ends just as a pooled connection is reused).
  async function countingServer() {
    let connections = 0;
    const server = http.createServer((req, res) => {
      const socket = req.socket as typeof req.socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      if (req.url === "/drop" && socket.served > 1) return void socket.destroy();
      res.writeHead(200, { "content-type": "text/plain" }).end(`ok ${req.url}`);
    });
    server.keepAliveTimeout = 60_000;
    server.on("connection", () => connections++);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    return {
      port: (server.address() as AddressInfo).port,
      connections: () => connections,
      close: () => new Promise((r) => server.close(r)),
    };
  }

  it("reuses a checked connection for the next request to the same host", async () => {
    const s = await countingServer();
    const policy = policyWith("127.0.0.1");
    try {
      for (const p of ["/a", "/b", "/c"])
        expect(
          (
            await guardedRequest({ method: "GET", url: `http://127.0.0.1:${s.port}${p}`, timeoutMs: 3_000, policy })
          ).body.toString(),
        ).toBe(`ok ${p}`);
      expect(s.connections()).toBe(1);
    } finally {
      await s.close();
    }
  });

  it("sends once more on a new connection when the server closed the pooled one", async () => {
    const s = await countingServer();
    const policy = policyWith("127.0.0.1");
    try {
      expect(
        (await guardedRequest({ method: "GET", url: `http://127.0.0.1:${s.port}/first`, timeoutMs: 3_000, policy }))
          .status,
      ).toBe(200);
      const res = await guardedRequest({
        method: "POST",
        url: `http://127.0.0.1:${s.port}/drop`,
        body: "{}",
        timeoutMs: 3_000,
        policy,
      });
      expect(res.body.toString()).toBe("ok /drop");
      expect(s.connections()).toBe(2);
    } finally {
      await s.close();
    }
  });

  it("a policy never reuses another policy's connections", async () => {
    const s = await countingServer();
    try {
      await guardedRequest({
        method: "GET",
        url: `http://127.0.0.1:${s.port}/x`,
        timeoutMs: 3_000,
        policy: policyWith("127.0.0.1"),
      });
      await guardedRequest({
        method: "GET",
        url: `http://127.0.0.1:${s.port}/y`,
        timeoutMs: 3_000,
        policy: policyWith("127.0.0.1"),
      });
      expect(s.connections()).toBe(2);
      // And a policy that refuses the address refuses it even though a pooled connection exists.
      await expect(
        guardedRequest({
          method: "GET",
          url: `http://127.0.0.1:${s.port}/z`,
          timeoutMs: 3_000,
          policy: policyWith(""),
        }),
      ).rejects.toThrow(/Refused to connect/);
    } finally {
      await s.close();
    }
  });
});
