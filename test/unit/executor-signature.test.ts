// Inngest request signing (HMAC over canonical JSON + timestamp), the hashed key the SDK sends,
// and the sleep durations the SDK reports. Checked against answers the real SDK signed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wakeUpAt } from "@/lib/executor/duration";
import { canonicalJson, hashedSigningKey, sign, verify } from "@/lib/executor/signature";

// The executor probe's test key, and answers inngest@4.24.0 signed with it (state/transcript.jsonl).
const KEY = "signkey-test-5f1c2c0e0f6a4b8e9d7c3b2a1908f7e6d5c4b3a29180706f5e4d3c2b1a0f9e8d";
const sdkAnswers = [
  {
    body: '[{"id":"86f7e437faa5a7fce15d1ddcb9eaeaea377667b8","op":"StepRun","name":"a","opts":{},"displayName":"a","userland":{"id":"a"},"data":{"a":1,"input":{"user":"A"}},"timing":{"a":1795353246099000000,"b":0}}]',
    signature: "t=1795353246&s=b24a1de3b337b4c91baa159c698df0dd1041917b12b312c271bfe111eea6ba18",
  },
  {
    body: '{"done":true,"a":{"a":1,"input":{"user":"A"}},"b":{"b":2},"c":{"c":3}}',
    signature: "t=1795353249&s=35f2e261957a43a7d0c620ce4a93d04e23ca6cc523bf56bfaaa62896144eb52a",
  },
];
const NOW = 1795353246_000;

describe("signatures", () => {
  it("verifies answers the real SDK signed", () => {
    for (const { body, signature } of sdkAnswers) {
      const t = Number(new URLSearchParams(signature).get("t")) * 1000;
      expect(verify(body, signature, KEY, t)).toBe(true);
      expect(verify(body.replace('"a":1', '"a":2'), signature, KEY, t)).toBe(false);
    }
  });

  it("carries the unix time and a hex HMAC", () => {
    expect(sign("{}", KEY, NOW + 999)).toMatch(/^t=1795353246&s=[0-9a-f]{64}$/);
  });

  it("keys the HMAC with the key minus its signkey-<env>- prefix", () => {
    const raw = KEY.replace("signkey-test-", "");
    expect(sign("{}", KEY, NOW)).toBe(sign("{}", raw, NOW));
    expect(sign("{}", `signkey-prod-${raw}`, NOW)).toBe(sign("{}", raw, NOW));
  });

  it("rejects a tampered body, another key, and a missing or malformed header", () => {
    const header = sign('{"amount":2000}', KEY, NOW);
    expect(verify('{"amount":2000}', header, KEY, NOW)).toBe(true);
    expect(verify('{"amount":9999}', header, KEY, NOW)).toBe(false);
    expect(verify('{"amount":2000}', header, "signkey-test-00ff", NOW)).toBe(false);
    expect(verify("{}", null, KEY, NOW)).toBe(false);
    expect(verify("{}", "garbage", KEY, NOW)).toBe(false);
    expect(verify("{}", `${sign("{}", KEY, NOW)}0`, KEY, NOW)).toBe(false);
  });

  it("accepts a clock skew of up to 300 seconds either way, and nothing older or newer", () => {
    const header = sign("{}", KEY, NOW);
    for (const skew of [-300_000, 0, 299_000, 300_000]) expect(verify("{}", header, KEY, NOW + skew)).toBe(true);
    for (const skew of [-301_000, 301_000, 3_600_000]) expect(verify("{}", header, KEY, NOW + skew)).toBe(false);
  });
});

describe("canonical JSON", () => {
  const reorder = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(reorder)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reorder(x)]),
          )
        : v;

  it("sorts keys and writes numbers the RFC 8785 way", () => {
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    expect(canonicalJson({ n: 1.0, big: 1e21, list: [3, { z: null, y: "é" }] })).toBe(
      '{"big":1e+21,"list":[3,{"y":"é","z":null}],"n":1}',
    );
  });

  it("does not depend on key order, so a signature survives re-serialization", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(reorder(value))).toBe(text);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(verify(canonicalJson(reorder(JSON.parse(text))), sign(text, KEY, NOW), KEY, NOW)).toBe(true);
      }),
    );
  });
});

describe("the hashed signing key", () => {
  it("matches what the SDK computes (sha256 of the hex key, prefix kept)", () => {
    // Values from inngest@4.24.0 helpers/strings.js hashSigningKey.
    expect(hashedSigningKey(KEY)).toBe("signkey-test-2d6cc0f3e486956fa6f579c667f80064e850bbe4d52102ec883ccb576b109242");
    expect(hashedSigningKey("signkey-prod-00ff")).toBe(
      "signkey-prod-06eb7d6a69ee19e5fbdf749018d3d2abfa04bcbd1365db312eb86dc7169389b8",
    );
  });
});

describe("sleep durations", () => {
  it.each([
    ["2s", 2000],
    ["500ms", 500],
    ["1h30m", 5_400_000],
    ["1w2d", 9 * 86_400_000],
    ["1.5s", 1500],
    ["1m 30s", 90_000],
  ])("wakes %s later", (spec, ms) => {
    expect(wakeUpAt(spec, NOW)).toBe(NOW + ms);
  });

  it("wakes at an ISO date", () => {
    expect(wakeUpAt("2026-12-01T08:00:00.000Z", NOW)).toBe(Date.parse("2026-12-01T08:00:00.000Z"));
  });

  it.each(["", "soon", "2x", "2s later", "s2"])("rejects the duration %j", (spec) => {
    expect(() => wakeUpAt(spec, NOW)).toThrow(`Unreadable sleep duration "${spec}"`);
  });

  it("rejects an impossible date", () => {
    expect(() => wakeUpAt("2026-13-45T99:00:00Z", NOW)).toThrow('Unreadable sleep time "2026-13-45T99:00:00Z"');
  });
});
