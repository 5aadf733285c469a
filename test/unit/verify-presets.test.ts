// The preset schema and metadata the editor renders from, and the browser/server split.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { headersRead, verificationConfigSchema, verificationPresets } from "@/lib/webhooks/verify/presets";

const messages = (input: unknown) => {
  const result = verificationConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("verificationConfigSchema", () => {
  it("applies the defaults", () => {
    expect(verificationConfigSchema.parse({ preset: "stripe" })).toEqual({ preset: "stripe", toleranceSeconds: 300 });
    expect(verificationConfigSchema.parse({ preset: "standard-webhooks" })).toEqual({
      preset: "standard-webhooks",
      toleranceSeconds: 300,
    });
    expect(verificationConfigSchema.parse({ preset: "hmac", header: "x-signature" })).toEqual({
      preset: "hmac",
      algorithm: "sha256",
      encoding: "hex",
      header: "x-signature",
      prefix: "",
      toleranceSeconds: 300,
    });
    expect(verificationConfigSchema.parse({ preset: "shopify", extra: 1 })).toEqual({ preset: "shopify" });
  });

  it("rejects an hmac config without a header, naming the field", () => {
    expect(messages({ preset: "hmac" })).toEqual(["header: Signature header is required"]);
    expect(messages({ preset: "hmac", header: "  " })).toEqual(["header: Signature header is required"]);
    expect(messages({ preset: "hmac", header: "x signature" })).toEqual([
      "header: Signature header is not a valid header name",
    ]);
    expect(messages({ preset: "hmac", header: "x-signature", timestampHeader: "x ts" })).toEqual([
      "timestampHeader: Timestamp header is not a valid header name",
    ]);
  });

  it("treats a blank timestamp header as none", () => {
    expect(
      (
        verificationConfigSchema.parse({ preset: "hmac", header: "x-signature", timestampHeader: " " }) as {
          timestampHeader?: string;
        }
      ).timestampHeader,
    ).toBeUndefined();
    expect(
      verificationConfigSchema.parse({ preset: "hmac", header: "x-signature", timestampHeader: " X-Ts " }),
    ).toMatchObject({ timestampHeader: "X-Ts" });
  });

  it("validates the other presets' fields", () => {
    expect(messages({ preset: "token", name: "t" })).toEqual(["in: Token location must be header or query"]);
    expect(messages({ preset: "token", in: "header" })).toEqual(["name: Token name is required"]);
    expect(messages({ preset: "basic", username: "a:b" })).toEqual(["username: Username cannot contain a colon"]);
    expect(messages({ preset: "stripe", toleranceSeconds: 0 })).toHaveLength(1);
    expect(messages({ preset: "stripe", toleranceSeconds: 1.5 })).toHaveLength(1);
    expect(messages({ preset: "hmac", header: "x-signature", algorithm: "md5" })).toHaveLength(1);
    expect(messages({ preset: "adyen" })).toHaveLength(1);
    expect(messages({ preset: "square" })).toEqual(["notificationUrl: Notification URL is required"]);
    expect(messages({ preset: "twilio", url: "ftp://x" })).toEqual(["url: Webhook URL must be an http(s) URL"]);
  });
});

describe("verificationPresets", () => {
  it("describes every preset in the schema, and only those", () => {
    const schemaPresets = verificationConfigSchema.options.map((o) => o.shape.preset.value).sort();
    expect(Object.keys(verificationPresets).sort()).toEqual(schemaPresets);
    for (const info of Object.values(verificationPresets)) expect(info.label && info.description).toBeTruthy();
    expect(
      Object.entries(verificationPresets)
        .filter(([, p]) => !p.needsSecret)
        .map(([k]) => k),
    ).toEqual(["none"]);
  });

  it("lists the headers a config reads, lower-case", () => {
    expect(headersRead(verificationConfigSchema.parse({ preset: "stripe" }))).toEqual(["stripe-signature"]);
    expect(
      headersRead(verificationConfigSchema.parse({ preset: "hmac", header: "X-Sig", timestampHeader: "X-Ts" })),
    ).toEqual(["x-sig", "x-ts"]);
    expect(headersRead(verificationConfigSchema.parse({ preset: "token", in: "header", name: "X-Token" }))).toEqual([
      "x-token",
    ]);
    expect(headersRead(verificationConfigSchema.parse({ preset: "token", in: "query", name: "token" }))).toEqual([]);
  });
});

describe("module boundaries", () => {
  const dir = path.resolve(import.meta.dirname, "../../lib/webhooks/verify");
  const files = [
    ...readdirSync(dir).filter((f) => f.endsWith(".ts")),
    ...readdirSync(path.join(dir, "schemes")).map((f) => `schemes/${f}`),
  ];
  const source = (f: string) => readFileSync(path.join(dir, f), "utf8");
  const browserSafe = ["presets.ts", "result.ts", "json-path.ts", "delivery-identity.ts", "delivery-event-type.ts"];

  it("keeps the editor's files free of node: and server-only imports", () => {
    for (const f of browserSafe)
      expect(source(f), f).not.toMatch(/from "node:|"server-only"|from "\.\/(verify|crypto)"|from "\.\/schemes/);
  });

  it("marks every other file server-only on its first line", () => {
    for (const f of files.filter((f) => !browserSafe.includes(f)))
      expect(source(f).split("\n")[0], f).toBe('import "server-only";');
  });
});
