// Pure editor logic: graph edits (append, branch handles, insert on an edge, copy/paste, delete)
// and the undo stack.
import { describe, expect, it } from "vitest";
import { getNodeKind } from "@/lib/nodes/catalog";
import type { EditorEdge, EditorNode } from "@/components/canvas/definition-bridge";
import {
  appendAfter,
  copySelection,
  edgeId,
  insertOnEdge,
  nextNodeId,
  paste,
  removeNodes,
} from "@/components/canvas/graph-ops";
import { emptyHistory, LIMIT, record, redo, undo } from "@/components/canvas/history";
import { autoLayout } from "@/components/canvas/auto-layout";

const http = getNodeKind("http")!;
const branch = getNodeKind("branch")!;
const webhook = getNodeKind("webhook")!;
const node = (id: string, type: string, x = 0, y = 0, extra: Partial<EditorNode> = {}): EditorNode => ({
  id,
  type,
  position: { x, y },
  data: { label: id, config: {} },
  ...extra,
});

describe("graph ops", () => {
  it("appends after the selected node and chains", () => {
    const a = appendAfter(http, [node("trigger", "webhook", 80, 160, { selected: true })], []);
    expect(a.id).toBe("http_1");
    expect(a.edges).toEqual([
      { id: "e_trigger_http_1", source: "trigger", target: "http_1", sourceHandle: null, targetHandle: null },
    ]);
    expect(a.nodes.find((n) => n.id === "http_1")?.selected).toBe(true);
    expect(a.nodes.find((n) => n.id === "trigger")?.selected).toBe(false);
    const b = appendAfter(http, a.nodes, a.edges);
    expect(b.edges.map((e) => e.id)).toEqual(["e_trigger_http_1", "e_http_1_http_2"]);
  });

  it("does not connect a second child from a node whose only output is used", () => {
    const nodes = [node("trigger", "webhook"), node("http_1", "http", 280, 0, { selected: true })];
    const edges: EditorEdge[] = [{ id: "e1", source: "http_1", target: "x" }];
    expect(appendAfter(http, nodes, edges).edges).toHaveLength(1);
  });

  it("fills a branch's outputs one after another, with labelled handles", () => {
    const b = node("branch_1", "branch", 0, 0, {
      selected: true,
      data: { label: "b", config: structuredClone(branch.defaults) as Record<string, unknown> },
    });
    const first = appendAfter(http, [b], []);
    expect(first.edges[0]).toMatchObject({
      source: "branch_1",
      target: "http_1",
      sourceHandle: "true",
      id: "e_branch_1_true_http_1",
    });
    const again = appendAfter(
      http,
      first.nodes.map((n) => ({ ...n, selected: n.id === "branch_1" })),
      first.edges,
    );
    expect(again.edges[1]).toMatchObject({ source: "branch_1", target: "http_2", sourceHandle: "false" });
    const third = appendAfter(
      http,
      again.nodes.map((n) => ({ ...n, selected: n.id === "branch_1" })),
      again.edges,
    );
    expect(third.edges).toHaveLength(2);
  });

  it("inserts a node on an edge, keeping the branch handle on the first half", () => {
    const nodes = [node("a", "branch", 0, 0), node("b", "http", 300, 0)];
    const edges: EditorEdge[] = [{ id: "e", source: "a", target: "b", sourceHandle: "true" }];
    const r = insertOnEdge(http, "e", nodes, edges)!;
    expect(r.id).toBe("http_1");
    expect(r.edges.map((e) => [e.source, e.target, e.sourceHandle])).toEqual([
      ["a", "http_1", "true"],
      ["http_1", "b", null],
    ]);
    expect(r.nodes.find((n) => n.id === "b")!.position.x).toBe(580);
    expect(insertOnEdge(webhook, "e", nodes, edges)).toBeNull();
    expect(insertOnEdge(http, "missing", nodes, edges)).toBeNull();
  });

  it("copies the selection with its inner edges and pastes with fresh ids, never a second trigger", () => {
    const nodes = [
      node("trigger", "webhook", 0, 0, { selected: true }),
      node("http_1", "http", 300, 0, { selected: true }),
      node("http_2", "http", 600, 0),
    ];
    const edges: EditorEdge[] = [
      { id: "e_trigger_http_1", source: "trigger", target: "http_1" },
      { id: "e_http_1_http_2", source: "http_1", target: "http_2" },
    ];
    const clip = copySelection(nodes, edges)!;
    expect(clip.nodes.map((n) => n.id)).toEqual(["trigger", "http_1"]);
    expect(clip.edges.map((e) => e.id)).toEqual(["e_trigger_http_1"]);
    const p = paste(clip, nodes, edges);
    expect(p.ids).toEqual(["http_3"]);
    expect(p.nodes.find((n) => n.id === "http_3")).toMatchObject({ position: { x: 340, y: 40 }, selected: true });
    expect(p.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(["http_3"]);
    expect(p.edges).toHaveLength(2); // the edge from the (skipped) trigger is not pasted
    // pasting a chain renames both ends of its edge
    const chain = copySelection(
      nodes.map((n) => ({ ...n, selected: n.id !== "trigger" })),
      edges,
    )!;
    const q = paste(chain, nodes, edges);
    expect(q.ids).toEqual(["http_3", "http_4"]);
    expect(q.edges.at(-1)).toMatchObject({ source: "http_3", target: "http_4" });
    // the clip is a copy: editing the pasted node leaves the original alone
    (q.nodes.find((n) => n.id === "http_3")!.data.config as Record<string, unknown>).url = "x";
    expect(nodes[1]!.data.config).toEqual({});
  });

  it("removes nodes with their edges; ids and edge ids are stable", () => {
    const r = removeNodes(
      new Set(["b"]),
      [node("a", "http"), node("b", "http"), node("c", "http")],
      [
        { id: "1", source: "a", target: "b" },
        { id: "2", source: "b", target: "c" },
        { id: "3", source: "a", target: "c" },
      ],
    );
    expect(r.nodes.map((n) => n.id)).toEqual(["a", "c"]);
    expect(r.edges.map((e) => e.id)).toEqual(["3"]);
    expect(nextNodeId("http", [node("http_1", "http"), node("http_3", "http")])).toBe("http_2");
    expect(edgeId("a", "b")).toBe("e_a_b");
    expect(edgeId("a", "b", "my case")).toBe("e_a_my-case_b");
  });

  it("auto-layout places a chain left to right and branches apart", () => {
    const nodes = [node("t", "webhook"), node("b", "branch"), node("x", "http"), node("y", "http")];
    const edges: EditorEdge[] = [
      { id: "1", source: "t", target: "b" },
      { id: "2", source: "b", target: "x", sourceHandle: "true" },
      { id: "3", source: "b", target: "y", sourceHandle: "false" },
    ];
    const laid = new Map(autoLayout(nodes, edges).map((n) => [n.id, n.position]));
    expect(laid.get("t")!.x).toBeLessThan(laid.get("b")!.x);
    expect(laid.get("b")!.x).toBeLessThan(laid.get("x")!.x);
    expect(laid.get("x")!.x).toBe(laid.get("y")!.x);
    expect(laid.get("x")!.y).not.toBe(laid.get("y")!.y);
  });
});

describe("undo history", () => {
  it("undoes and redoes in order; a new edit clears redo", () => {
    let h = emptyHistory<number>();
    h = record(h, 1, null, 0);
    h = record(h, 2, null, 10);
    let r = undo(h, 3)!;
    expect(r.value).toBe(2);
    r = undo(r.history, 2)!;
    expect(r.value).toBe(1);
    expect(undo(r.history, 1)).toBeNull();
    const again = redo(r.history, 1)!;
    expect(again.value).toBe(2);
    const edited = record(again.history, 2, null, 20);
    expect(edited.future).toEqual([]);
    expect(redo(edited, 5)).toBeNull();
  });

  it("coalesces edits of one field within a second, not across fields or after a pause", () => {
    let h = emptyHistory<string>();
    h = record(h, "", "url", 0);
    h = record(h, "h", "url", 300);
    h = record(h, "ht", "url", 600);
    expect(h.past).toEqual([""]);
    h = record(h, "htt", "url", 2000);
    expect(h.past).toEqual(["", "htt"]);
    h = record(h, "x", "name", 2100);
    expect(h.past).toHaveLength(3);
  });

  it("keeps at most LIMIT steps", () => {
    let h = emptyHistory<number>();
    for (let i = 0; i < LIMIT + 20; i++) h = record(h, i, null, i);
    expect(h.past).toHaveLength(LIMIT);
    expect(h.past[0]).toBe(20);
  });
});
