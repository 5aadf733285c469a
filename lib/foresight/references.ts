// The body fields a flow reads, as shape paths (lib/foresight/shape.ts): {{ trigger.body… }} in
// any node's config (mappings, conditions, switch values, URLs, messages), `trigger.body…` paths in
// JSONata expressions, and the ordering key (a body path). Only these fields can raise a drift
// warning: a change in a field nobody reads is not news. Pure and browser-safe.
import type { FlowDefinition } from "@/lib/flows/definition";
import { strings } from "@/lib/flows/reference-check";
import { parsePath, references } from "@/lib/flows/template";
import { shapePath } from "./shape";

export const MAX_REFERENCED = 200;

// A dotted `trigger.body.a.b` or `trigger.body.items[0].sku` inside a JSONata expression or text.
const DOTTED = /\btrigger\.body((?:\.[A-Za-z_$][\w$]*|\[\d+\])+)/g;

export function referencedBodyPaths(def: FlowDefinition): string[] {
  const found = new Set<string>();
  const add = (segments: string[]) => {
    if (segments.length) found.add(shapePath(segments));
  };
  for (const node of def.nodes) {
    for (const text of strings(node.data.config)) {
      for (const ref of references(text)) {
        try {
          const path = parsePath(ref);
          if (path[0] === "trigger" && path[1] === "body") add(path.slice(2));
        } catch {
          // a reference that does not parse reads nothing; the editor shows it
        }
      }
      for (const m of text.matchAll(DOTTED))
        add(
          m[1]!
            .replace(/\[(\d+)\]/g, ".$1")
            .split(".")
            .filter(Boolean),
        );
    }
  }
  const orderingKey = def.settings?.orderingKey;
  if (orderingKey) add(orderingKey.split("."));
  // Bounded like the sample: each referenced path costs a look at every sampled delivery.
  return [...found].sort().slice(0, MAX_REFERENCED);
}
