// Whole-graph validation, run before publish (and shown live in the editor). One pure function,
// one exact message per rule, each tied to the node or edge it is about.
import { getNodeKind, nodeCatalog, type NodeKind } from "@/lib/nodes/catalog";
import { configProblem } from "@/lib/nodes/field-labels";
import { outgoing } from "./adjacency";
import type { FlowDefinition, FlowNode } from "./definition";
import { planFlow, type FlowPlan } from "./execution-order";
import { parsePath, references } from "./template";

export type GraphIssue = { message: string; nodeId?: string; edgeId?: string; field?: string };

export function checkGraph(def: FlowDefinition): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const nodeIds = new Set<string>();

  for (const node of def.nodes) {
    if (nodeIds.has(node.id)) issues.push({ nodeId: node.id, message: `Node id "${node.id}" is used more than once.` });
    nodeIds.add(node.id);
    const kind = getNodeKind(node.type);
    if (!kind) {
      issues.push({ nodeId: node.id, message: `Unknown node type "${node.type}" on node "${node.id}".` });
      continue;
    }
    const parsed = kind.config.safeParse(node.data.config);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join(".");
        issues.push({
          nodeId: node.id,
          field,
          message: `${kind.label} "${node.data.label ?? node.id}": ${configProblem(kind, issue)}`,
        });
      }
    }
  }

  // Exactly one trigger, of any trigger kind (a webhook or a schedule).
  const triggers = def.nodes.filter((n) => getNodeKind(n.type)?.group === "Trigger");
  if (triggers.length === 0)
    issues.push({ message: `The flow has no trigger: add one (${triggerKindLabels()}) to say what starts it.` });
  if (triggers.length > 1) {
    const named = triggers.map((t) => nodeName(t, getNodeKind(t.type)!)).join(", ");
    issues.push({
      nodeId: triggers[1]!.id,
      message: `A flow has exactly one trigger, and this one has ${triggers.length}: ${named}. Delete all but one.`,
    });
  }

  for (const edge of def.edges) {
    for (const end of ["source", "target"] as const) {
      if (!nodeIds.has(edge[end]))
        issues.push({
          edgeId: edge.id,
          message: `Edge "${edge.id}" has a ${end} node "${edge[end]}" that does not exist.`,
        });
    }
    if (triggers.some((t) => t.id === edge.target)) {
      issues.push({
        edgeId: edge.id,
        message: `Edge "${edge.id}" points into the trigger "${edge.target}"; a trigger has no inputs.`,
      });
    }
  }

  const cycle = findCycle(def);
  if (cycle) issues.push({ nodeId: cycle[0], message: `The flow contains a cycle: ${cycle.join(" → ")}.` });
  else issues.push(...checkPaths(def, planFlow(def)));
  issues.push(...checkFlowSettings(def));
  return issues;
}

const nodeName = (node: FlowNode, kind: NodeKind) => `${kind.label} "${node.data.label ?? node.id}"`;
const triggerKindLabels = () =>
  nodeCatalog
    .filter((k) => k.group === "Trigger")
    .map((k) => k.label)
    .join(" or ");
const quoteList = (xs: string[]) => xs.map((x) => `"${x}"`).join(", ");

/** Rules about paths through the graph: output handles, loop bodies, loop references. (References
 * to nodes that do not run before are checked with the editor's reference check, reference-check.ts.) */
function checkPaths(def: FlowDefinition, plan: FlowPlan): GraphIssue[] {
  const issues: GraphIssue[] = [];
  for (const node of def.nodes) {
    const kind = getNodeKind(node.type);
    if (!kind) continue;
    const parsed = kind.config.safeParse(node.data.config);
    if (kind.outputs && parsed.success) {
      const outputs = kind.outputs(parsed.data).map((o) => o.id);
      for (const e of plan.outgoing.get(node.id) ?? []) {
        if (e.handle === null)
          issues.push({
            edgeId: e.id,
            message: `Edge "${e.id}" must leave "${node.id}" from one of its outputs: ${quoteList(outputs)}.`,
          });
        else if (!outputs.includes(e.handle)) {
          issues.push({
            edgeId: e.id,
            message: `Edge "${e.id}" leaves "${node.id}" from "${e.handle}", which is not one of its outputs (${quoteList(outputs)}).`,
          });
        }
      }
    }
    // The loop's own "each" edges enter its body; any other edge into the body comes from outside.
    for (const e of plan.incoming.get(node.id) ?? []) {
      for (const [loopId, body] of plan.loopBody) {
        if (!body.has(node.id) || body.has(e.source) || (e.source === loopId && e.handle === "each")) continue;
        issues.push({
          edgeId: e.id,
          message: `Edge "${e.id}" enters the body of loop "${loopId}" from outside the loop.`,
        });
      }
    }
    if (plan.owner.has(node.id)) continue;
    for (const expr of configReferences(node.data.config)) {
      let path: string[];
      try {
        path = parsePath(expr);
      } catch {
        continue; // the kind's own validation or the editor reports bad syntax
      }
      if (path[0] === "loop" || path[0] === "loops") {
        issues.push({
          nodeId: node.id,
          message: `${nodeName(node, kind)}: {{ ${expr} }} is only available on a loop's "each" path.`,
        });
      }
    }
  }
  return issues;
}

/** Every {{ reference }} in the strings of a config (keys excluded), in order. */
export function configReferences(config: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 50) return;
    if (typeof v === "string") found.push(...references(v));
    else if (Array.isArray(v)) v.forEach((x) => walk(x, depth + 1));
    else if (v && typeof v === "object") Object.values(v).forEach((x) => walk(x, depth + 1));
  };
  walk(config, 0);
  return found;
}

function checkFlowSettings(def: FlowDefinition): GraphIssue[] {
  const alert = def.settings?.failureAlert;
  if (!alert) return [];
  const kind = getNodeKind(alert.type);
  if (!kind || kind.group !== "Actions")
    return [{ field: "settings.failureAlert", message: `Failure alert: "${alert.type}" is not an action.` }];
  const parsed = kind.config.safeParse(alert.config);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const field = issue.path.join(".");
    return {
      field: `settings.failureAlert.config${field ? `.${field}` : ""}`,
      message: `Failure alert (${kind.label}): ${configProblem(kind, issue)}`,
    };
  });
}

/** Returns one cycle as a closed path of node ids (first id repeated at the end), or null. */
export function findCycle(def: FlowDefinition): string[] | null {
  const out = outgoing(def);
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, "open");
    path.push(id);
    for (const next of out.get(id) ?? []) {
      if (state.get(next) === "open") return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(id, "done");
    return null;
  };
  for (const node of def.nodes) {
    if (!state.has(node.id)) {
      const found = visit(node.id);
      if (found) return found;
    }
  }
  return null;
}
