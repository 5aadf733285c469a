// The sender presets' example deliveries (lib/webhooks/verify/samples) that the editor's data
// picker offers until a request is captured: one for every sender, each naming the event type the
// ingest path would read from it, and the picker's stand-in built from the flow's chosen preset.
import { describe, expect, it } from "vitest";
import { presetSample } from "@/components/canvas/preset-sample";
import { verificationConfigSchema, verificationPresets, type VerificationPreset } from "@/lib/webhooks/verify/presets";
import { senderSamples } from "@/lib/webhooks/verify/samples";
import { deliveryEventType } from "@/lib/webhooks/verify/verify";
import { parseVersion, staleCheck } from "@/lib/webhooks/stale-guard";
import { readJsonPath } from "@/lib/webhooks/verify/json-path";

const senders = (Object.keys(verificationPresets) as VerificationPreset[]).filter(
  (p) => verificationPresets[p].group !== "Generic" || p === "standard-webhooks",
);
const configOf = (preset: VerificationPreset) =>
  verificationConfigSchema.parse({ preset, notificationUrl: "https://x.example/h", url: "https://x.example/h" });

describe("sender samples", () => {
  it.each(senders)("%s has an example whose event type ingest reads as named", (preset) => {
    const samples = senderSamples[preset];
    expect(samples?.length).toBeGreaterThan(0);
    for (const s of samples!)
      expect(deliveryEventType({ headers: s.headers ?? {} }, configOf(preset), s.body)).toBe(s.event);
  });

  it.each(senders.filter((p) => "staleGuard" in verificationPresets[p]))(
    "%s's example holds the stale guard's default object id",
    (preset) => {
      const guard = (verificationPresets[preset] as { staleGuard: { objectIdPath: string } }).staleGuard;
      expect(readJsonPath(senderSamples[preset]![0]!.body, guard.objectIdPath)).toBeDefined();
    },
  );

  it("stands in for the trigger in the data picker, labelled as an example, only for a known preset", () => {
    expect(presetSample({ verification: { preset: "stripe" } })).toMatchObject({
      title: expect.stringMatching(/Stripe example: payment_intent.succeeded/),
      value: { method: "POST", body: { type: "payment_intent.succeeded" } },
    });
    expect(presetSample({ verification: { preset: "none" } })).toBeNull();
    expect(presetSample({ verification: { preset: "__proto__" } })).toBeNull();
    expect(presetSample(undefined)).toBeNull();
  });
});

describe("stale guard versions", () => {
  it("parses numbers, digit strings and ISO times; refuses the rest", () => {
    expect(parseVersion(1_700_000_000)).toBe(1_700_000_000);
    expect(parseVersion("1700000000")).toBe(1_700_000_000);
    expect(parseVersion("2026-12-06T05:00:00Z")).toBe(Date.parse("2026-12-06T05:00:00Z"));
    expect(parseVersion("2026-12-06T00:00:00-05:00")).toBe(Date.parse("2026-12-06T05:00:00Z"));
    for (const bad of ["yesterday", "", null, undefined, {}, Number.NaN]) expect(parseVersion(bad)).toBeNull();
  });

  it("reads the object and version where the guard says, the header first", () => {
    const guard = {
      enabled: true,
      objectIdPath: "id",
      versionPath: "updated_at",
      versionHeader: "x-t",
      onStale: "skip" as const,
    };
    const body = { id: 7, updated_at: "2026-12-06T05:00:00Z" };
    expect(staleCheck(guard, {}, body)).toEqual({ key: "7", version: Date.parse("2026-12-06T05:00:00Z"), flag: false });
    expect(staleCheck(guard, { "x-t": "5" }, body)).toEqual({ key: "7", version: 5, flag: false });
    expect(staleCheck(guard, {}, { updated_at: 1 })).toBeNull(); // no object: not checked
    expect(staleCheck({ ...guard, enabled: false }, {}, body)).toBeNull();
    expect(staleCheck(guard, {}, { id: 7, updated_at: "soon" })).toMatchObject({
      unparsable: expect.stringMatching(/not a number or time/),
    });
  });
});
