// @vitest-environment jsdom
// The settings panel of the selected node: its header shows the kind's picture (an app
// operation's app logo, as the palette and the canvas node do; a built-in kind's stroke icon), and
// the kind's description shows once, in the panel's own box for every kind. The credential
// list is seeded in the query cache (no server). A run's step card shows the same picture.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigPanel } from "@/components/canvas/config-panel";
import { StepCard } from "@/components/runs/step-card";
import { defaultConfig } from "@/components/canvas/kinds";
import { NodeIcon } from "@/components/ui/node-icon";
import type { StepRunView } from "@/lib/api/dto";
import type { FlowDefinition } from "@/lib/flows/definition";
import { getNodeKind, type NodeKind } from "@/lib/nodes/catalog";
import { credentialQueries } from "@/lib/queries/credentials";

afterEach(cleanup);

function kindOf(type: string): NodeKind {
  const kind = getNodeKind(type);
  if (!kind) throw new Error(`no kind ${type}`);
  return kind;
}

function renderPanel(kind: NodeKind) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, enabled: false } } });
  client.setQueryData(credentialQueries.all().queryKey, { items: [] });
  render(
    <QueryClientProvider client={client}>
      <ConfigPanel
        flowId="flow_1"
        node={{
          id: "n1",
          type: kind.type,
          position: { x: 0, y: 0 },
          data: { label: kind.label, config: defaultConfig(kind) },
        }}
        onChange={() => {}}
        onDelete={() => {}}
        sources={[]}
        outputs={{}}
        onTestResult={() => {}}
      />
    </QueryClientProvider>,
  );
  return screen.getByTestId("config-panel-header");
}

describe("node settings panel", () => {
  it("an app operation node shows its app's logo in the header and its description once", () => {
    const kind = kindOf("app:googlesheets.appendRow");
    const header = renderPanel(kind);
    const logo = header.querySelector("img");
    expect(logo?.getAttribute("src")).toBe("/apps/googlesheets.svg");
    expect(header.querySelector("svg")).toBeNull();
    expect(header.textContent).toContain("Google Sheets: Append a row");
    expect(screen.getAllByText("Adds a row at the end of a sheet's table.")).toHaveLength(1);
  });

  it("a built-in node keeps its kind's icon in the header and its description once", () => {
    const kind = kindOf("http");
    const header = renderPanel(kind);
    expect(header.querySelector("img")).toBeNull();
    expect(header.querySelector("svg")?.outerHTML).toBe(renderToStaticMarkup(<NodeIcon name={kind.icon} />));
    expect(screen.getAllByText(kind.description)).toHaveLength(1);
  });
});

describe("a run's step card", () => {
  const attempt = (nodeType: string): StepRunView => ({
    id: "step_1",
    nodeId: "n1",
    nodeType,
    attempt: 0,
    status: "succeeded",
    input: {},
    output: {},
    error: null,
    startedAt: "2026-12-06T08:00:00.000Z",
    finishedAt: "2026-12-06T08:00:01.000Z",
    durationMs: 1000,
  });
  const definition = { schemaVersion: 1, nodes: [], edges: [] } as unknown as FlowDefinition;

  it("shows an app step's logo, as the palette and the canvas do", () => {
    render(<StepCard attempts={[attempt("app:googlesheets.appendRow")]} definition={definition} runId="run_1" />);
    const img = screen.getByTestId("step-n1").querySelector("header img");
    expect(img?.getAttribute("src")).toBe("/apps/googlesheets.svg");
  });

  it("keeps a built-in step's stroke icon", () => {
    render(<StepCard attempts={[attempt("http")]} definition={definition} runId="run_1" />);
    expect(screen.getByTestId("step-n1").querySelector("header img")).toBeNull();
  });
});
