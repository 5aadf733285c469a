// Checks the {{ references }} of a draft before publish, with the same parser and lookup the
// engine uses (lib/flows/template.ts): a reference to a node that does not run before the node
// using it is an error; a path that is not in the captured sample (or in the node's last output)
// is a warning, since the next real delivery may well carry it. Pure and browser-safe.
import type { FlowDefinition } from "./definition";
import { lookup, parsePath, references, TemplateError } from "./template";

export type ReferenceIssue = { nodeId: string; reference: string; severity: "error" | "warning"; message: string };

/** What the editor knows of the data: the sample's trigger, and earlier outputs by node id. */
export type KnownData = { trigger?: unknown; nodes: Record<string, unknown> };

/** Every string inside a value (config objects, arrays of rows). */
export function strings(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 50) return out;
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out, depth + 1);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, out, depth + 1);
  return out;
}

/** Ids of the nodes with a path to `id` (its predecessors). */
export function ancestors(def: FlowDefinition, id: string): Set<string> {
  const into = new Map<string, string[]>();
  for (const e of def.edges) into.set(e.target, [...(into.get(e.target) ?? []), e.source]);
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    for (const prev of into.get(stack.pop()!) ?? []) {
      if (seen.has(prev)) continue;
      seen.add(prev);
      stack.push(prev);
    }
  }
  return seen;
}

export function referenceIssues(def: FlowDefinition, known: KnownData): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const ids = new Set(def.nodes.map((n) => n.id));
  for (const node of def.nodes) {
    const refs = new Set(strings(node.data.config).flatMap((s) => references(s)));
    if (refs.size === 0) continue;
    const before = ancestors(def, node.id);
    const name = node.data.label ?? node.id;
    for (const ref of refs) {
      let path: string[];
      try {
        path = parsePath(ref);
      } catch (e) {
        if (e instanceof TemplateError) continue; // the field itself shows syntax errors
        throw e;
      }
      const push = (severity: ReferenceIssue["severity"], message: string) =>
        issues.push({ nodeId: node.id, reference: ref, severity, message: `"${name}": ${message}` });
      if (path[0] === "nodes") {
        const target = path[1];
        if (!target) push("error", `{{ ${ref} }} names no node.`);
        else if (!ids.has(target)) push("error", `{{ ${ref} }} refers to node "${target}", which does not exist.`);
        else if (!before.has(target))
          push("error", `{{ ${ref} }} refers to node "${target}", which does not run before this one.`);
        else if (target in known.nodes && !lookup(known.nodes[target], path.slice(2)).found)
          push("warning", `{{ ${ref} }} is not in the last output of "${target}".`);
      } else if (path[0] === "trigger" && known.trigger !== undefined && !lookup(known.trigger, path.slice(1)).found) {
        push("warning", `{{ ${ref} }} is not in the captured sample.`);
      }
    }
  }
  return issues;
}
