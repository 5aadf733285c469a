// `{{ path }}` templates: the one resolver used by the editor preview and by the engine.
// Deliberately not an expression language: a reference is a dotted path of own properties
// (`trigger.body.data.object.amount`, `nodes.http_1.body.items.0.id`, `a["key with space"]`).
// No code runs, prototypes are unreachable, and work is bounded by the template's length and the
// text it produces by MAX_RESOLVED (each reference copies its value: without a cap, 14,000
// `{{ a }}` over a 1 MB value ran the process out of memory).
// A hand-written resolver because the JSON-aware typing below (a string that is exactly one
// reference keeps the referenced value's type) is not what text template engines do.

// No lazy quantifiers around \s*: "{{" followed by a long run of spaces must stay linear.
const REF = /\{\{([^{}]*)\}\}/g;
const WHOLE = /^\{\{([^{}]*)\}\}$/;
const MAX_TEMPLATE = 100_000;
const MAX_SEGMENTS = 64;
/** Characters that references may insert into text, per resolveString or resolveDeep call. */
export const MAX_RESOLVED = 32 * 1024 * 1024;
const FORBIDDEN = new Set(["__proto__", "prototype", "constructor"]);

export class TemplateError extends Error {}

/** Splits `a.b[0]["c d"]` into ["a","b","0","c d"]; throws TemplateError on bad syntax. */
export function parsePath(expr: string): string[] {
  const segs: string[] = [];
  const re = /\s*(?:\.?([A-Za-z_$][\w$-]*)|\[\s*(\d+)\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\.(\d+))/y;
  let i = 0;
  while (i < expr.length) {
    re.lastIndex = i;
    const m = re.exec(expr);
    if (!m || m[0].length === 0) throw new TemplateError(`Invalid reference "${expr}" at character ${i + 1}`);
    // Exactly one alternative matched, so exactly one group is set.
    segs.push(m[1] ?? m[2] ?? (m[3] !== undefined ? unquote(m[3], expr) : m[4]!));
    i = re.lastIndex;
    if (segs.length > MAX_SEGMENTS) throw new TemplateError(`Reference "${expr.slice(0, 40)}…" is too deep`);
  }
  if (segs.length === 0) throw new TemplateError("Empty reference {{ }}");
  return segs;
}

function unquote(body: string, expr: string): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    throw new TemplateError(`Invalid quoted key in reference "${expr}"`);
  }
}

export type Lookup = { found: true; value: unknown } | { found: false; missingAt: string };

/** Reads a path from plain data: own enumerable properties only. */
export function lookup(scope: unknown, path: string[]): Lookup {
  let cur: unknown = scope;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    if (
      FORBIDDEN.has(key) ||
      cur === null ||
      typeof cur !== "object" ||
      !Object.prototype.hasOwnProperty.call(cur, key)
    ) {
      return { found: false, missingAt: path.slice(0, i + 1).join(".") };
    }
    cur = (cur as Record<string, unknown>)[key];
  }
  return { found: true, value: cur };
}

/** Every reference in a template, in order. */
export function references(template: string): string[] {
  return [...template.slice(0, MAX_TEMPLATE).matchAll(REF)].map((m) => m[1]!.trim());
}

const toText = (v: unknown) =>
  v === undefined || v === null
    ? ""
    : typeof v === "string"
      ? v
      : typeof v === "object"
        ? JSON.stringify(v)
        : String(v);

export type Resolved = { value: unknown; missing: string[] };

/** What is left of MAX_RESOLVED; shared by the strings of one resolveDeep (or one condition). */
export type Budget = { chars: number };
export const newBudget = (): Budget => ({ chars: MAX_RESOLVED });

/**
 * Resolves a string template. A template that is exactly one reference returns the value itself
 * (a number stays a number); otherwise references are interpolated as text. Missing paths
 * resolve to "" (or undefined for a lone reference) and are reported.
 */
export function resolveString(template: string, scope: unknown, budget = newBudget()): Resolved {
  if (template.length > MAX_TEMPLATE) throw new TemplateError(`Template longer than ${MAX_TEMPLATE} characters`);
  const missing: string[] = [];
  const read = (expr: string) => {
    const r = lookup(scope, parsePath(expr));
    if (!r.found) missing.push(expr);
    return r.found ? r.value : undefined;
  };
  const whole = WHOLE.exec(template);
  if (whole) return { value: read(whole[1]!.trim()), missing };
  const value = template.replace(REF, (_, expr: string) => {
    const text = toText(read(expr.trim()));
    if ((budget.chars -= text.length) < 0)
      throw new TemplateError(`Template result longer than ${MAX_RESOLVED} characters`);
    return text;
  });
  return { value, missing };
}

/** Resolves templates in every string of a JSON value (keys are left as they are). */
export function resolveDeep(value: unknown, scope: unknown, missing: string[] = []): Resolved {
  const budget = newBudget();
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 100) throw new TemplateError("Template nested deeper than 100 levels");
    if (typeof v === "string") {
      const r = resolveString(v, scope, budget);
      missing.push(...r.missing);
      return r.value;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
    }
    return v;
  };
  return { value: walk(value, 0), missing };
}
