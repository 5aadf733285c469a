// The origin the app prints in webhook and OAuth redirect URLs, and accepts as its own in the CSRF
// check: X-Forwarded-Host/-Proto count only behind the operator's proxy, by their rightmost entry.
import { describe, expect, it } from "vitest";
import { requestOrigin } from "@/lib/net/request-origin";

const req = (headers: Record<string, string>, url = "http://127.0.0.1:3000/api/flows/f1") =>
  new Request(url, { headers });

describe("requestOrigin", () => {
  it("is the Host header on the request's scheme without a trusted proxy, whatever X-Forwarded-* say", () => {
    const r = req({ host: "hooks.example.com", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    expect(requestOrigin(r, false)).toBe("http://hooks.example.com");
  });

  it("behind the operator's proxy, takes the rightmost X-Forwarded-Host and -Proto (the ones that proxy set)", () => {
    const r = req({
      host: "127.0.0.1:3000",
      "x-forwarded-host": "evil.example, hooks.example.com",
      "x-forwarded-proto": "http, https",
    });
    expect(requestOrigin(r, true)).toBe("https://hooks.example.com");
  });

  it("behind a proxy that sets no X-Forwarded-Host, keeps the Host header", () => {
    expect(requestOrigin(req({ host: "hooks.example.com:8443", "x-forwarded-proto": "https" }), true)).toBe(
      "https://hooks.example.com:8443",
    );
  });

  it.each([
    ["a path", "evil.example/login"],
    ["credentials", "user@evil.example"],
    ["a second URL", "evil.example?x=https://a"],
    ["spaces", "evil example"],
  ])("ignores a host with %s", (_what, host) => {
    expect(requestOrigin(req({ "x-forwarded-host": host, host: "hooks.example.com" }), true)).toBe(
      "http://hooks.example.com",
    );
  });

  it("ignores a scheme other than http or https", () => {
    expect(requestOrigin(req({ host: "hooks.example.com", "x-forwarded-proto": "javascript" }), true)).toBe(
      "http://hooks.example.com",
    );
  });

  it("keeps an IPv6 host in brackets, lower-cased", () => {
    expect(requestOrigin(req({ host: "[::1]:3000" }), false)).toBe("http://[::1]:3000");
    expect(requestOrigin(req({ host: "Hooks.Example.COM" }), false)).toBe("http://hooks.example.com");
  });
});
