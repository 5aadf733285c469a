// The sign-in page's `next` (lib/auth/safe-next.ts): only a same-origin relative path survives;
// every way of spelling another origin falls back to /flows.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AFTER_SIGN_IN, safeNextPath } from "@/lib/auth/safe-next";

// What the page receives after Next decoded the query string once.
const REFUSED = [
  "//evil.example",
  "///evil.example",
  "/\\evil.example", // ?next=/%5Cevil.example
  "\\\\evil.example",
  "/\\/evil.example",
  "/%5Cevil.example", // ?next=/%255Cevil.example: "\" once decoded again
  "/%2F%2Fevil.example",
  "/%2f/evil.example",
  "%2F%2Fevil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/./evil.example/..//x", // normalises to "//x"
  "/.//evil.example",
  "/a/..//evil.example",
  "javascript:alert(1)",
  "JavaScript:alert(document.cookie)",
  "data:text/html,<script>alert(1)</script>",
  "https://evil.example/flows",
  "http:evil.example",
  "evil.example",
  "",
  "/%E0%A4%A", // malformed escape
  "/x\u0000y",
];
const KEPT = [
  "/",
  "/flows",
  "/flows/flw_123?tab=runs#step-2",
  "/invite/abc_DEF-123",
  "/settings?x=%2F",
  "/tables/a%20b",
  "/javascript:alert(1)",
];

// Strings built from the pieces that make open redirects, glued in any order.
const risky = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "/",
        "//",
        "\\",
        "%2F",
        "%2f",
        "%5C",
        "%5c",
        "%25",
        "%",
        ".",
        "..",
        "\t",
        "\n",
        "\r",
        " ",
        ":",
        "@",
        "?",
        "#",
        "evil.example",
        "javascript:",
        "http:",
        "https://",
      ),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 10 },
  )
  .map((parts) => parts.join(""));

describe("safeNextPath", () => {
  it.each(REFUSED)("refuses %j", (next) => {
    expect(safeNextPath(next)).toBe(AFTER_SIGN_IN);
  });

  it.each(KEPT)("keeps %j", (next) => {
    expect(safeNextPath(next)).toBe(next);
  });

  it("refuses what is not one string (?next=a&next=b, no next)", () => {
    expect(safeNextPath(["/flows", "//evil.example"])).toBe(AFTER_SIGN_IN);
    expect(safeNextPath(undefined)).toBe(AFTER_SIGN_IN);
    expect(safeNextPath("//evil", "/elsewhere")).toBe("/elsewhere");
  });

  it("always answers one path of this origin: a single '/' not followed by '/' or '\\'", () => {
    fc.assert(
      fc.property(fc.oneof(risky, fc.string(), fc.webUrl(), fc.webPath()), (next) => {
        const out = safeNextPath(next);
        expect(out).toMatch(/^\/(?![/\\])/);
        expect(out).not.toMatch(/[\u0000-\u001f\u007f\\]/);
        // However a browser resolves it, and even decoded once more, it stays on this origin.
        expect(new URL(out, "https://app.example").origin).toBe("https://app.example");
        expect(new URL(decodeURIComponent(out), "https://app.example").origin).toBe("https://app.example");
      }),
      { numRuns: 5_000 },
    );
  });

  it("keeps every plain path as it is", () => {
    const segment = fc
      .string({ unit: fc.constantFrom(..."abcXYZ019-_~.".split("")), minLength: 1, maxLength: 8 })
      .filter((s) => s !== "." && s !== "..");
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segs) => {
        const path = `/${segs.join("/")}`;
        expect(safeNextPath(path)).toBe(path);
      }),
    );
  });
});
