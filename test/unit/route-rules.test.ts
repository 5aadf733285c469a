// apiRoute finds a request's rule the way Next picks the route file: static segments first.
import { describe, expect, it } from "vitest";
import { ruleFor } from "@/lib/auth/match-rule";
import type { RouteRules } from "@/lib/auth/route-rules";
import { atLeast, scopeRole } from "@/lib/auth/roles";

const rules: RouteRules = {
  "/api/[...path]": { GET: "public" },
  "/api/runs/[id]": { GET: "viewer", POST: "editor" },
  "/api/runs/bulk-replay": { POST: { role: "editor", audit: "run.bulk_replayed" } },
  "/api/runs/bulk-replay/[batchId]": { GET: "viewer" },
  "/api/flows/[id]/versions/[number]": { GET: "viewer" },
};

describe("route rules", () => {
  it("prefers static segments over [params] over catch-alls", () => {
    expect(ruleFor("POST", "/api/runs/bulk-replay", rules)).toEqual({
      pattern: "/api/runs/bulk-replay",
      rule: { role: "editor", audit: "run.bulk_replayed" },
    });
    expect(ruleFor("GET", "/api/runs/run_1", rules)).toEqual({ pattern: "/api/runs/[id]", rule: "viewer" });
    expect(ruleFor("GET", "/api/runs/bulk-replay/b1", rules).pattern).toBe("/api/runs/bulk-replay/[batchId]");
    expect(ruleFor("GET", "/api/flows/f1/versions/3", rules).pattern).toBe("/api/flows/[id]/versions/[number]");
    expect(ruleFor("GET", "/api/nothing/here", rules)).toEqual({ pattern: "/api/[...path]", rule: "public" });
  });

  it("has no rule for a method the table does not list (apiRoute then refuses with 500)", () => {
    expect(ruleFor("DELETE", "/api/runs/run_1", rules)).toEqual({ pattern: "/api/runs/[id]", rule: undefined });
    expect(ruleFor("GET", "/elsewhere", rules)).toEqual({ pattern: null, rule: undefined });
  });

  it("orders roles and maps key scopes", () => {
    expect(atLeast("owner", "editor")).toBe(true);
    expect(atLeast("viewer", "editor")).toBe(false);
    expect(scopeRole("read")).toBe("viewer");
    expect(scopeRole("write")).toBe("editor");
  });
});
