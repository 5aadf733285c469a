// Finds the rule of a request in lib/auth/route-rules.ts by its path, the way Next picks a route
// file: static segments beat [param]s, which beat [...catchAll]s.
import { routeRules, type RouteRule, type RouteRules } from "./route-rules";

type Compiled = { pattern: string; re: RegExp; score: number[] };

function compile(pattern: string): Compiled {
  const segs = pattern.split("/").filter(Boolean);
  const re = segs
    .map((s) =>
      s.startsWith("[[...")
        ? "(?:/.*)?"
        : s.startsWith("[...")
          ? "/.+"
          : s.startsWith("[")
            ? "/[^/]+"
            : `/${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`,
    )
    .join("");
  // Per segment: 2 static, 1 param, 0 catch-all; compared left to right.
  const score = segs.map((s) => (s.startsWith("[...") || s.startsWith("[[...") ? 0 : s.startsWith("[") ? 1 : 2));
  return { pattern, re: new RegExp(`^${re}/?$`), score };
}

const g = globalThis as unknown as { __hooklineRuleIndex?: { source: RouteRules; list: Compiled[] } };

function index(rules: RouteRules) {
  if (g.__hooklineRuleIndex?.source === rules) return g.__hooklineRuleIndex.list;
  const list = Object.keys(rules)
    .map(compile)
    .sort((a, b) => {
      for (let i = 0; i < Math.max(a.score.length, b.score.length); i++) {
        const d = (b.score[i] ?? -1) - (a.score[i] ?? -1);
        if (d) return d;
      }
      return 0;
    });
  g.__hooklineRuleIndex = { source: rules, list };
  return list;
}

/** The route pattern serving `pathname` and its rule for `method` (undefined = no rule). */
export function ruleFor(
  method: string,
  pathname: string,
  rules: RouteRules = routeRules,
): { pattern: string | null; rule: RouteRule | undefined } {
  const hit = index(rules).find((c) => c.re.test(pathname));
  if (!hit) return { pattern: null, rule: undefined };
  return { pattern: hit.pattern, rule: rules[hit.pattern]?.[method.toUpperCase() as keyof RouteRules[string]] };
}
