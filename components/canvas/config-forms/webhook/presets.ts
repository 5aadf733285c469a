// The verification presets the form renders from. lib/webhooks/verify/presets.ts is browser-safe
// by design (test/unit/verify-presets.test.ts keeps it so), but the UI import rule bans all of
// lib/webhooks/*; this re-export is the one sanctioned crossing.
// eslint-disable-next-line no-restricted-imports
export { headersRead, verificationConfigSchema, verificationPresets, type VerificationPreset } from "@/lib/webhooks/verify/presets";
