// PayPal's certificate fetch (lib/webhooks/verify/paypal-certs.ts): only PayPal's certificate
// URLs are fetched, through the guarded client (mocked here: no network), once per URL however many
// deliveries wait for it, at most four different ones at a time, and a fetched certificate
// verifies a delivery signed with its key.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPrivateKey, sign } from "node:crypto";
import { crc32 } from "node:zlib";
import { beforeEach, describe, expect, it, vi } from "vitest";

const calls: string[] = [];
let release: () => void = () => undefined;
let gate: Promise<void> = Promise.resolve();
vi.mock("@/lib/net/guarded-request", () => ({
  guardedRequest: async (req: { url: string }) => {
    calls.push(req.url);
    await gate;
    // PayPal has no certificate under a made-up path.
    if (req.url.includes("/CERT-missing"))
      return { status: 404, headers: {}, body: Buffer.from("no"), url: req.url, redirects: 0 };
    return { status: 200, headers: {}, body: Buffer.from(CERT), url: req.url, redirects: 0 };
  },
}));

// A self-signed certificate and its key, made by openssl for this run.
const dir = mkdtempSync(path.join(tmpdir(), "paypal-cert-"));
execFileSync(
  "openssl",
  [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=messageverificationcerts.paypal.com",
    "-days",
    "2",
    "-keyout",
    path.join(dir, "key.pem"),
    "-out",
    path.join(dir, "cert.pem"),
  ],
  { stdio: "ignore" },
);
const CERT = readFileSync(path.join(dir, "cert.pem"), "utf8");
const KEY = createPrivateKey(readFileSync(path.join(dir, "key.pem"), "utf8"));

const { fetchPaypalCert, cachedPaypalCert } = await import("@/lib/webhooks/verify/paypal-certs");
const { verifyDelivery } = await import("@/lib/webhooks/verify/verify");
const { verificationConfigSchema } = await import("@/lib/webhooks/verify/presets");

const url = (n: string) => `https://api.paypal.com/v1/notifications/certs/CERT-${n}`;

beforeEach(() => {
  calls.length = 0;
  gate = new Promise((r) => (release = r));
});

describe("PayPal certificates", () => {
  it("fetches a certificate URL once for every delivery waiting on it, then serves it from the cache", async () => {
    const waits = [fetchPaypalCert(url("a")), fetchPaypalCert(url("a")), fetchPaypalCert(url("a"))];
    release();
    await Promise.all(waits);
    expect(calls).toEqual([url("a")]);
    expect(cachedPaypalCert(url("a"))).toBe(CERT);
    await fetchPaypalCert(url("a"));
    expect(calls).toHaveLength(1);
  });

  it("never fetches a URL that is not PayPal's", async () => {
    release();
    await fetchPaypalCert("https://evil.example.com/v1/notifications/certs/CERT-x");
    await fetchPaypalCert("http://api.paypal.com/v1/notifications/certs/CERT-x");
    expect(calls).toEqual([]);
  });

  it("runs at most four fetches at a time", async () => {
    const waits = ["1", "2", "3", "4", "5", "6"].map((n) => fetchPaypalCert(url(`b${n}`)));
    expect(calls).toHaveLength(4);
    release();
    await Promise.all(waits);
    expect(cachedPaypalCert(url("b5"))).toBeUndefined();
  });

  it("does not fetch a URL that failed again for ten minutes (made-up paths cannot keep the slots busy)", async () => {
    release();
    const t0 = Date.now();
    await fetchPaypalCert(url("missing-1"), t0);
    await fetchPaypalCert(url("missing-1"), t0 + 60_000);
    await fetchPaypalCert(url("missing-1"), t0 + 9 * 60_000);
    expect(calls).toEqual([url("missing-1")]);
    await fetchPaypalCert(url("missing-1"), t0 + 11 * 60_000);
    expect(calls).toEqual([url("missing-1"), url("missing-1")]);
    expect(cachedPaypalCert(url("missing-1"))).toBeUndefined();
  });

  it("verifies a delivery with the fetched certificate", async () => {
    release();
    await fetchPaypalCert(url("c"));
    const body = JSON.stringify({ id: "WH-1", event_type: "PAYMENT.CAPTURE.COMPLETED" });
    const time = new Date().toISOString();
    const signed = `tx-1|${time}|WEBHOOK-ID|${crc32(Buffer.from(body)) >>> 0}`;
    const headers = {
      "paypal-transmission-id": "tx-1",
      "paypal-transmission-time": time,
      "paypal-cert-url": url("c"),
      "paypal-auth-algo": "SHA256withRSA",
      "paypal-transmission-sig": sign("sha256", Buffer.from(signed), KEY).toString("base64"),
    };
    const config = verificationConfigSchema.parse({ preset: "paypal" });
    const input = (b: string) => ({ rawBody: Buffer.from(b), headers, query: new URLSearchParams() });
    expect(verifyDelivery(input(body), config, ["WEBHOOK-ID"])).toEqual({ ok: true });
    expect(verifyDelivery(input(body), config, ["OTHER-ID"]).ok).toBe(false);
    expect(verifyDelivery(input(`${body} `), config, ["WEBHOOK-ID"]).ok).toBe(false);
  });
});
