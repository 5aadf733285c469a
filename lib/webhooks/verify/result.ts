// What verifiers take and return. No node: imports, so the editor can share the types.
export type VerifyInput = {
  rawBody: Uint8Array;
  /** Lower-case header names. */
  headers: Record<string, string>;
  query: URLSearchParams;
};

export type VerifyFailureReason =
  "missing_signature" | "bad_signature" | "stale_timestamp" | "future_timestamp" | "malformed" | "no_secret";

export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailureReason; message: string };

/** Milliseconds since the epoch; injected so tests never sleep. */
export type Clock = () => number;

export const OK: VerifyResult = Object.freeze({ ok: true as const });

export const fail = (reason: VerifyFailureReason, message: string): VerifyResult => ({ ok: false, reason, message });

export const missing = (header: string): VerifyResult => fail("missing_signature", `${header} header is missing`);

/** A sender-supplied value, short enough for a message. */
export const quote = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

export const secretCount = (secrets: readonly unknown[]) =>
  secrets.length === 1 ? "1 secret" : `${secrets.length} secrets`;
