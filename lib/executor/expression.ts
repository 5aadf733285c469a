// The small part of Inngest's CEL expressions the SDK emits for this app: paths into the event
// (`event.data.orderingKey`, a concurrency key), and comparisons joined by && / || (a trigger's
// `expression`, a cancelOn `if` such as `event.data.runId == async.data.runId`, the failure
// function's `event.data.function_id == 'hookline-run-flow'`). Anything else is refused when the
// function is synced, so an unsupported config fails loudly instead of matching wrongly.

type Operand = { path: string[] } | { value: unknown };
type Comparison = { left: Operand; op: "==" | "!="; right: Operand };
/** OR of ANDs of comparisons, or a bare path (a key expression). */
export type Expression = { kind: "path"; path: string[] } | { kind: "bool"; any: Comparison[][] };

const TOKEN =
  /\s*(?:(&&|\|\||==|!=)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*))/y;

export function parseExpression(src: string): Expression {
  const tokens: { t: string; v?: unknown }[] = [];
  TOKEN.lastIndex = 0;
  const text = src.trim();
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m || m.index !== start)
      throw new Error(`Unsupported expression "${src}" (at "${text.slice(start, start + 20)}")`);
    if (m[1]) tokens.push({ t: m[1] });
    else if (m[2] !== undefined || m[3] !== undefined)
      tokens.push({ t: "lit", v: (m[2] ?? m[3])!.replace(/\\(.)/g, "$1") });
    else if (m[4] !== undefined) tokens.push({ t: "lit", v: Number(m[4]) });
    else if (["true", "false", "null"].includes(m[5]!)) tokens.push({ t: "lit", v: JSON.parse(m[5]!) });
    else tokens.push({ t: "path", v: m[5]!.split(".") });
  }
  const operand = (i: number): Operand => {
    const tok = tokens[i];
    if (tok?.t === "lit") return { value: tok.v };
    if (tok?.t === "path") {
      const path = tok.v as string[];
      if (path[0] !== "event" && path[0] !== "async")
        throw new Error(`Unsupported expression "${src}": paths start with event. or async.`);
      return { path };
    }
    throw new Error(`Unsupported expression "${src}"`);
  };
  if (tokens.length === 1 && tokens[0]!.t === "path") {
    const o = operand(0) as { path: string[] };
    return { kind: "path", path: o.path };
  }
  const any: Comparison[][] = [[]];
  for (let i = 0; i < tokens.length;) {
    const op = tokens[i + 1]?.t;
    if (op !== "==" && op !== "!=") throw new Error(`Unsupported expression "${src}": expected == or !=`);
    any[any.length - 1]!.push({ left: operand(i), op, right: operand(i + 2) });
    i += 3;
    const join = tokens[i]?.t;
    if (join === undefined) break;
    if (join === "||") any.push([]);
    else if (join !== "&&") throw new Error(`Unsupported expression "${src}": expected && or ||`);
    i++;
    if (i >= tokens.length) throw new Error(`Unsupported expression "${src}": dangling ${join}`);
  }
  return { kind: "bool", any };
}

const cache = new Map<string, Expression>();
const parsed = (src: string) => {
  let e = cache.get(src);
  if (!e) {
    e = parseExpression(src);
    if (cache.size > 1000) cache.clear();
    cache.set(src, e);
  }
  return e;
};

export type Scope = { event?: unknown; async?: unknown };

function lookup(path: string[], scope: Scope): unknown {
  let cur: unknown = scope[path[0] as keyof Scope];
  for (const k of path.slice(1)) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

const value = (o: Operand, scope: Scope) => ("value" in o ? o.value : lookup(o.path, scope));
const same = (a: unknown, b: unknown) => a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);

/** The value of a key expression (a path), or undefined when the event lacks it. */
export function evaluateKey(src: string, scope: Scope): unknown {
  const e = parsed(src);
  if (e.kind !== "path") throw new Error(`A key expression must be a path, got "${src}"`);
  return lookup(e.path, scope);
}

/** Whether a boolean expression holds; a bare path holds when its value is truthy. */
export function evaluateBool(src: string, scope: Scope): boolean {
  const e = parsed(src);
  if (e.kind === "path") return Boolean(lookup(e.path, scope));
  return e.any.some((all) =>
    all.every((c) =>
      c.op === "=="
        ? same(value(c.left, scope), value(c.right, scope))
        : !same(value(c.left, scope), value(c.right, scope)),
    ),
  );
}

/**
 * A cancelOn `if` of the form `event.<p> == async.<q>` (&&-joined): the pairs of paths, so the
 * store can find the runs to cancel with an index-free JSON lookup per pair. Null for any other
 * shape (then every running run of the function is tested in memory).
 */
export function matchPairs(src: string): { eventPath: string[]; asyncPath: string[] }[] | null {
  const e = parsed(src);
  if (e.kind !== "bool" || e.any.length !== 1) return null;
  const pairs: { eventPath: string[]; asyncPath: string[] }[] = [];
  for (const c of e.any[0]!) {
    if (c.op !== "==" || !("path" in c.left) || !("path" in c.right)) return null;
    const [ev, as] = c.left.path[0] === "event" ? [c.left.path, c.right.path] : [c.right.path, c.left.path];
    if (ev[0] !== "event" || as[0] !== "async") return null;
    pairs.push({ eventPath: ev.slice(1), asyncPath: as });
  }
  return pairs;
}
