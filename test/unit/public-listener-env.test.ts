// The public listener's configuration (lib/env.ts) and what its per-address cap counts by
// (lib/net/public-listener.ts). INNGEST_DEV turns off the SDK's signature checks on /api/inngest,
// so it is refused unless the app listens on loopback only (issue 20).
import { afterEach, describe, expect, it, vi } from "vitest";
import { connectionSource } from "@/lib/net/public-listener";

const VARS = [
  "HOST",
  "INNGEST_DEV",
  "INNGEST_BASE_URL",
  "INNGEST_SIGNING_KEY",
  "HOOKLINE_HEADERS_TIMEOUT_SECONDS",
  "HOOKLINE_REQUEST_TIMEOUT_SECONDS",
  "HOOKLINE_KEEPALIVE_TIMEOUT_SECONDS",
  "HOOKLINE_MAX_CONNECTIONS_PER_ADDRESS",
];
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

// lib/env caches the environment per module instance: load a fresh one for each configuration.
async function envWith(vars: Record<string, string>) {
  for (const k of VARS) delete process.env[k];
  Object.assign(process.env, vars);
  vi.resetModules();
  return (await import("@/lib/env")).env;
}

describe("INNGEST_DEV and HOST", () => {
  it("refuses INNGEST_DEV unless HOST is loopback, naming the variable", async () => {
    for (const host of ["0.0.0.0", "::", "192.168.1.10", "hooks.example.com"]) {
      const env = await envWith({ INNGEST_DEV: "1", HOST: host });
      expect(() => env()).toThrow(
        /INNGEST_DEV: dev mode turns off the signature checks of \/api\/inngest; it is refused unless HOST is loopback/,
      );
    }
    // A dev server URL is dev mode too (the SDK reads it so).
    const url = await envWith({ INNGEST_DEV: "http://127.0.0.1:8288", HOST: "0.0.0.0" });
    expect(() => url()).toThrow(/INNGEST_DEV/);
  });

  it("accepts INNGEST_DEV on loopback, and INNGEST_DEV=0 anywhere", async () => {
    for (const host of ["127.0.0.1", "127.0.0.53", "localhost", "::1"]) {
      const env = await envWith({ INNGEST_DEV: "1", HOST: host });
      expect(env().executor).toBe("external");
    }
    expect((await envWith({ INNGEST_DEV: "1" }))().HOST).toBe("127.0.0.1");
    expect((await envWith({ INNGEST_DEV: "0", HOST: "0.0.0.0" }))().HOST).toBe("0.0.0.0");
    expect((await envWith({ INNGEST_DEV: "false", HOST: "0.0.0.0" }))().HOST).toBe("0.0.0.0");
  });
});

describe("listener timeouts and the per-address cap", () => {
  it("defaults: 10 s headers, 60 s request, 65 s keep-alive, 256 connections per address", async () => {
    const e = (await envWith({}))();
    expect([
      e.HOOKLINE_HEADERS_TIMEOUT_SECONDS,
      e.HOOKLINE_REQUEST_TIMEOUT_SECONDS,
      e.HOOKLINE_KEEPALIVE_TIMEOUT_SECONDS,
      e.HOOKLINE_MAX_CONNECTIONS_PER_ADDRESS,
    ]).toEqual([10, 60, 65, 256]);
  });

  it("refuses a header timeout longer than the request timeout, and values that are not whole seconds", async () => {
    expect(await envWith({ HOOKLINE_HEADERS_TIMEOUT_SECONDS: "30", HOOKLINE_REQUEST_TIMEOUT_SECONDS: "20" })).toThrow(
      /HOOKLINE_HEADERS_TIMEOUT_SECONDS: must not be longer than HOOKLINE_REQUEST_TIMEOUT_SECONDS/,
    );
    expect(await envWith({ HOOKLINE_KEEPALIVE_TIMEOUT_SECONDS: "1.5" })).toThrow(/HOOKLINE_KEEPALIVE_TIMEOUT_SECONDS/);
    expect(await envWith({ HOOKLINE_MAX_CONNECTIONS_PER_ADDRESS: "-1" })).toThrow(
      /HOOKLINE_MAX_CONNECTIONS_PER_ADDRESS/,
    );
    expect((await envWith({ HOOKLINE_MAX_CONNECTIONS_PER_ADDRESS: "0" }))().HOOKLINE_MAX_CONNECTIONS_PER_ADDRESS).toBe(
      0,
    );
  });

  it("counts IPv4 by address and IPv6 by /64", () => {
    expect(connectionSource("203.0.113.7")).toBe("203.0.113.7");
    expect(connectionSource("2001:db8:1:2:aaaa::1")).toBe(connectionSource("2001:db8:1:2:ffff:ffff:ffff:fffe"));
    expect(connectionSource("2001:db8:1:2::1")).not.toBe(connectionSource("2001:db8:1:3::1"));
  });
});
