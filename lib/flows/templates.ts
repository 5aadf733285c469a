// Starting points for a new flow. Each template names the kinds it would like; kinds this build
// does not have are left out and their neighbours joined up, so a template still opens (with
// fewer steps) while other node kinds are missing. Configs are merged over the kind's defaults.
// Browser-safe.
import { getNodeKind } from "@/lib/nodes/catalog";
import type { FlowDefinition, FlowEdge, FlowNode } from "./definition";

type TemplateNode = { id: string; type: string | string[]; label: string; config?: Record<string, unknown> };
type TemplateEdge = [source: string, target: string, handle?: string];

export type FlowTemplate = {
  id: string;
  name: string;
  description: string;
  nodes: TemplateNode[];
  edges: TemplateEdge[];
};

export const flowTemplates: FlowTemplate[] = [
  {
    id: "stripe-payment",
    name: "Stripe payment → e-mail + Slack",
    description:
      "When Stripe reports a successful payment, e-mail the customer a thank-you and tell the team in Slack.",
    nodes: [
      {
        id: "trigger",
        type: "webhook",
        label: "Stripe payment",
        config: {
          verification: { preset: "stripe" },
          eventTypes: ["payment_intent.succeeded", "checkout.session.completed"],
        },
      },
      {
        id: "email_1",
        type: "email",
        label: "Thank the customer",
        config: {
          to: "{{ trigger.body.data.object.receipt_email }}",
          subject: "Thanks for your payment",
          text: "We received {{ trigger.body.data.object.amount }} {{ trigger.body.data.object.currency }}.",
        },
      },
      {
        id: "slack_1",
        type: "slack",
        label: "Tell the team",
        config: { text: "New payment: {{ trigger.body.data.object.amount }} {{ trigger.body.data.object.currency }}" },
      },
    ],
    edges: [
      ["trigger", "email_1"],
      ["trigger", "slack_1"],
    ],
  },
  {
    id: "shopify-order-sheet",
    name: "Shopify order → Google Sheets row + Slack",
    description:
      "When Shopify reports a new order, add a row to a Google Sheet (connect the account on the Apps page) and tell the team in Slack.",
    nodes: [
      { id: "trigger", type: "webhook", label: "Shopify order", config: { verification: { preset: "shopify" } } },
      {
        id: "sheet_1",
        type: "app:googlesheets.appendRow",
        label: "Add the order to the sheet",
        config: {
          sheet: "Orders",
          values:
            "{{ trigger.body.name }}\n{{ trigger.body.email }}\n{{ trigger.body.total_price }}\n{{ trigger.body.created_at }}",
        },
      },
      {
        id: "slack_1",
        type: "slack",
        label: "Tell the team",
        config: {
          text: "New order {{ trigger.body.name }}: {{ trigger.body.total_price }} {{ trigger.body.currency }}",
        },
      },
    ],
    edges: [
      ["trigger", "sheet_1"],
      ["sheet_1", "slack_1"],
    ],
  },
  {
    id: "shopify-stock",
    name: "Shopify order → stock table + low-stock alert",
    description:
      "For each item of a Shopify order, lower its stock in the “stock” data table; when an item runs low, alert the team in Slack.",
    nodes: [
      { id: "trigger", type: "webhook", label: "Shopify order", config: { verification: { preset: "shopify" } } },
      { id: "loop_1", type: "loop", label: "Each ordered item", config: { items: "{{ trigger.body.line_items }}" } },
      {
        id: "table_1",
        type: "table",
        label: "Lower the stock",
        config: {
          table: "stock",
          operation: "decrement",
          key: "{{ loop.item.sku }}",
          amount: "{{ loop.item.quantity }}",
          floor: 0,
          lowAt: 5,
        },
      },
      {
        id: "branch_1",
        type: "branch",
        label: "Low stock?",
        config: {
          mode: "if",
          condition: { combinator: "and", rules: [{ left: "{{ nodes.table_1.low }}", op: "is_true" }] },
        },
      },
      {
        id: "slack_1",
        type: "slack",
        label: "Low-stock alert",
        config: {
          text: "Low stock: {{ loop.item.sku }} ({{ nodes.table_1.value }} left) after order {{ trigger.body.name }}",
        },
      },
    ],
    edges: [
      ["trigger", "loop_1"],
      ["loop_1", "table_1", "each"],
      ["table_1", "branch_1"],
      ["branch_1", "slack_1", "true"],
    ],
  },
  {
    id: "review-alert",
    name: "Review → alert on low rating",
    description: "When a review arrives with a rating of 2 or less, alert the team.",
    nodes: [
      { id: "trigger", type: "webhook", label: "New review" },
      {
        id: "filter_1",
        type: "filter",
        label: "Rating 2 or less",
        config: {
          condition: { combinator: "and", rules: [{ left: "{{ trigger.body.rating }}", op: "lte", right: "2" }] },
        },
      },
      {
        id: "slack_1",
        type: "slack",
        label: "Alert the team",
        config: { text: "Low rating ({{ trigger.body.rating }}): {{ trigger.body.text }}" },
      },
    ],
    edges: [
      ["trigger", "filter_1"],
      ["filter_1", "slack_1"],
    ],
  },
  {
    id: "github-push",
    name: "GitHub push → HTTP",
    description: "On every push to a GitHub repository, call your deploy or CI endpoint with the branch and commit.",
    nodes: [
      {
        id: "trigger",
        type: "webhook",
        label: "GitHub push",
        config: { verification: { preset: "github" }, eventTypes: ["push"] },
      },
      {
        id: "http_1",
        type: "http",
        label: "Start the deploy",
        config: {
          method: "POST",
          url: "https://deploy.example.com/hooks/build",
          headers: [],
          body: '{\n  "ref": "{{ trigger.body.ref }}",\n  "commit": "{{ trigger.body.after }}",\n  "pusher": "{{ trigger.body.pusher.name }}"\n}',
          timeoutMs: 30000,
        },
      },
    ],
    edges: [["trigger", "http_1"]],
  },
];

/** The template as a definition with the kinds this build has (see the module comment). */
export function materialize(t: FlowTemplate): { definition: FlowDefinition; missing: string[] } {
  const kept = new Map<string, FlowNode>();
  const missing: string[] = [];
  let x = 80;
  for (const n of t.nodes) {
    const type = (Array.isArray(n.type) ? n.type : [n.type]).find((ty) => getNodeKind(ty));
    const kind = type ? getNodeKind(type) : undefined;
    if (!type || !kind) {
      missing.push(n.label);
      continue;
    }
    // Settings the kind does not know are kept too: the schema strips them at publish.
    const config = {
      ...(structuredClone(kind.defaults) as Record<string, unknown>),
      ...structuredClone(n.config ?? {}),
    };
    kept.set(n.id, { id: n.id, type, position: { x, y: 160 }, data: { label: n.label, config } });
    x += 300;
  }
  // Join around what was left out: each kept source to the nearest kept targets downstream.
  const out = new Map<string, TemplateEdge[]>();
  for (const e of t.edges) out.set(e[0], [...(out.get(e[0]) ?? []), e]);
  const edges: FlowEdge[] = [];
  const seen = new Set<string>();
  for (const source of kept.keys()) {
    const stack = [...(out.get(source) ?? []).map((e) => ({ target: e[1], handle: e[2] ?? null }))];
    while (stack.length) {
      const { target, handle } = stack.pop()!;
      if (kept.has(target)) {
        const id = `e_${source}_${target}`;
        if (!seen.has(id)) edges.push({ id, source, target, sourceHandle: handle, targetHandle: null });
        seen.add(id);
      } else for (const e of out.get(target) ?? []) stack.push({ target: e[1], handle });
    }
  }
  // Stack parallel branches vertically.
  const depth = new Map<string, number>();
  for (const e of edges) depth.set(e.target, (depth.get(e.source) ?? 0) + 1);
  const rows = new Map<number, number>();
  for (const node of kept.values()) {
    const d = depth.get(node.id) ?? 0;
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    node.position = { x: 80 + d * 300, y: 160 + row * 160 };
  }
  return { definition: { schemaVersion: 1, nodes: [...kept.values()], edges }, missing };
}
