// Problem messages name fields the way the settings forms do: for every node kind of the catalog,
// an empty config and configs with a wrong value in every field give messages without raw field
// names (no camelCase keys, no dotted paths, no lower-case key before the colon).
import { describe, expect, it } from "vitest";
import { checkGraph } from "@/lib/flows/check-graph";
import type { FlowDefinition } from "@/lib/flows/definition";
import { fromZod } from "@/lib/api/errors";
import { nodeCatalog } from "@/lib/nodes/catalog";
import { fieldLabel, humanize } from "@/lib/nodes/field-labels";
import { z } from "zod";

const withNode = (type: string, config: Record<string, unknown>, group: string): FlowDefinition => ({
  schemaVersion: 1,
  nodes:
    group === "Trigger"
      ? [{ id: "n", type, position: { x: 0, y: 0 }, data: { label: "Under test", config } }]
      : [
          { id: "t", type: "webhook", position: { x: 0, y: 0 }, data: { config: {} } },
          { id: "n", type, position: { x: 0, y: 200 }, data: { label: "Under test", config } },
        ],
  edges: group === "Trigger" ? [] : [{ id: "e", source: "t", target: "n" }],
});

/** Every path to a leaf of a value: [["url"], ["headers", 0, "name"], ...]. */
function leafPaths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.length ? v.flatMap((x, i) => leafPaths(x, [...at, i])) : [at];
  if (v && typeof v === "object") {
    const entries = Object.entries(v);
    return entries.length ? entries.flatMap(([k, x]) => leafPaths(x, [...at, k])) : [at];
  }
  return [at];
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let o = copy;
  for (const seg of path.slice(0, -1)) o = o[seg] as Record<string | number, unknown>;
  o[path.at(-1)!] = value;
  return copy;
}

/** Configs that fail: empty, every leaf of the defaults with a wrong type, and known cross-field rules. */
function badConfigs(kind: (typeof nodeCatalog)[number]): Record<string, unknown>[] {
  const defaults = structuredClone(kind.defaults) as unknown;
  const wrong = leafPaths(defaults)
    .filter((p) => p.length > 0)
    .flatMap((p) => [setAt(defaults, p, { wrong: true }), setAt(defaults, p, -1e15)]);
  return [{}, defaults, ...wrong, { verification: { preset: "stripe" }, dedupe: { by: "json" } }] as Record<
    string,
    unknown
  >[];
}

const CAMEL = /\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/;
const DOTTED = /\b[a-zA-Z]+\.[a-zA-Z0-9]+(?:\.[a-zA-Z0-9]+)*:/;

describe("problem messages name fields as the forms do", () => {
  for (const kind of nodeCatalog) {
    it(`${kind.type}: no raw field names for an empty or invalid config`, () => {
      let seen = 0;
      for (const config of badConfigs(kind)) {
        for (const issue of checkGraph(withNode(kind.type, config, kind.group))) {
          if (issue.nodeId !== "n" || !issue.field) continue;
          seen++;
          const prefix = `${kind.label} "Under test": `;
          expect(issue.message.startsWith(prefix), issue.message).toBe(true);
          const rest = issue.message.slice(prefix.length);
          expect(rest, `a raw camelCase name in: ${issue.message}`).not.toMatch(CAMEL);
          expect(rest, `a raw path in: ${issue.message}`).not.toMatch(DOTTED);
          // The label (or a whole-config message) starts with a capital, never a lower-case key.
          expect(rest, issue.message).toMatch(/^[A-Z"{]/);
        }
      }
      expect(seen, "the bad configs produced no field problems to check").toBeGreaterThan(0);
    });
  }

  it("names the webhook's signing secret as its form does", () => {
    const def = withNode("webhook", { verification: { preset: "stripe" } }, "Trigger");
    expect(checkGraph(def).map((i) => i.message)).toContain(
      'Webhook "Under test": Signing secret: Choose the signing secret for this verification',
    );
  });

  it("uses a schema's title, else the keys in words, with item numbers", () => {
    const schema = z.object({
      rateLimit: z.object({ perSecond: z.number() }),
      headers: z.array(z.object({ name: z.string().meta({ title: "Header name" }) })),
    });
    expect(fieldLabel(schema, ["rateLimit", "perSecond"])).toBe("Rate limit › Per second");
    expect(fieldLabel(schema, ["headers", 1, "name"])).toBe("Header name");
    expect(fieldLabel(schema, ["headers", 1])).toBe("Headers (item 2)");
    expect(fieldLabel(schema, [])).toBe("");
    expect(humanize("webhookUrl")).toBe("Webhook URL");
  });

  it("words an API body's field paths too, keeping the exact paths in details", () => {
    const parsed = z.object({ workspaceId: z.string() }).safeParse({});
    const err = fromZod(parsed.error!, "request body");
    expect(err.message).toMatch(/^Invalid request body: Workspace id: /);
    expect(err.details).toEqual([{ path: "workspaceId", message: expect.any(String) }]);
  });
});
