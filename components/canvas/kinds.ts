// The catalog as a uniform list. `nodeCatalog` is a tuple with one precise type per kind; the
// editor treats kinds generically, so it reads them through getNodeKind's erased NodeKind shape.
import { allNodeKinds, type NodeGroup, type NodeKind } from "@/lib/nodes/catalog";

export const kinds: NodeKind[] = [...allNodeKinds];

/** Display order of palette groups; groups without kinds are not shown. */
export const groupOrder: NodeGroup[] = ["Trigger", "Actions", "Logic", "Apps"];

export const isTriggerKind = (kind: NodeKind | undefined) => kind?.group === "Trigger";

export type KindOutput = { id: string; label: string };

/**
 * The labelled outputs of a branch kind for its config (`NodeKind.outputs`, RULES.md); [] means
 * one plain output. Read defensively: a half-filled config must not break the canvas.
 */
export function kindOutputs(kind: NodeKind, config: Record<string, unknown>): KindOutput[] {
  const outputs = (kind as { outputs?: (config: never) => KindOutput[] }).outputs;
  if (typeof outputs !== "function") return [];
  return cached(outputsCache, kind, config, () => {
    const parsed = kind.config.safeParse(config);
    try {
      return outputs((parsed.success ? parsed.data : { ...defaultConfig(kind), ...config }) as never) ?? [];
    } catch {
      return [];
    }
  });
}

// Configs are replaced, never mutated, on edit: results computed from one config object stay
// valid, so a 300-node canvas does not re-parse every config on each render.
const outputsCache = new WeakMap<object, { kind: NodeKind; value: KindOutput[] }>();
const summaryCache = new WeakMap<object, { kind: NodeKind; value: string }>();

function cached<T>(
  cache: WeakMap<object, { kind: NodeKind; value: T }>,
  kind: NodeKind,
  config: object,
  compute: () => T,
): T {
  const hit = cache.get(config);
  if (hit && hit.kind === kind) return hit.value;
  const value = compute();
  cache.set(config, { kind, value });
  return value;
}

/** A fresh, independent copy of a kind's default config (never share the catalog's object). */
export function defaultConfig(kind: NodeKind): Record<string, unknown> {
  return asRecord(structuredClone(kind.defaults));
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? { ...(value as Record<string, unknown>) }
    : {};
}

/**
 * The canvas line for a node: the kind's summary of its defaults-applied config. A half-filled
 * config fails the schema, so fall back to defaults merged with what is there, then to the label.
 */
export function summarize(kind: NodeKind, config: Record<string, unknown>): string {
  return cached(summaryCache, kind, config, () => {
    const parsed = kind.config.safeParse(config);
    try {
      return kind.summary(parsed.success ? parsed.data : { ...defaultConfig(kind), ...config });
    } catch {
      return kind.label;
    }
  });
}
