// The shape of a node kind. Browser-safe.
import { z } from "zod";

export type NodeGroup = "Trigger" | "Actions" | "Apps" | "Logic";

/** Names of the icons drawn by components/ui/node-icon.tsx (SVG, no emoji font needed). */
export type NodeIconName =
  | "webhook"
  | "globe"
  | "filter"
  | "branch"
  | "delay"
  | "loop"
  | "table"
  | "transform"
  | "code"
  | "log"
  | "chat"
  | "mail"
  | "calendar";

export type NodeKind<S extends z.ZodType = z.ZodType> = {
  type: string;
  label: string;
  group: NodeGroup;
  icon: NodeIconName;
  /** An app's logo (public/apps/<app>.svg), drawn instead of the icon. */
  logo?: string;
  description: string;
  config: S;
  defaults: z.input<S>;
  /** One line shown on the canvas node, e.g. "POST api.trello.com/1/cards". */
  summary: (config: z.output<S>) => string;
  /** Sends something to the outside world (skipped in previews, gets an idempotency key). */
  sideEffect: boolean;
  /**
   * Named outputs (source handles) when the kind has more than one, e.g. a branch's "true"/"false"
   * or a loop's "each"/"done". Edges leaving the node carry the output's id as `sourceHandle`.
   * Absent: one unnamed output.
   */
  outputs?: (config: z.output<S>) => Array<{ id: string; label: string }>;
  /**
   * The labels of a hand-made settings form, by field path ("*" for an array position), so problem
   * messages name fields as the form does (lib/nodes/field-labels.ts). Kinds drawn by the generated
   * form need none: it names fields by `.meta({ title })` or the key in words, and so do messages.
   */
  fieldLabels?: Readonly<Record<string, string>>;
};

export const defineKind = <S extends z.ZodType>(kind: NodeKind<S>) => kind;

export const hasTemplate = (s: string) => s.includes("{{");
