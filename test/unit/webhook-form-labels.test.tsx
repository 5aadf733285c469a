// @vitest-environment jsdom
// The webhook trigger's form and its problem messages name each field alike: the form reads its
// labels from the kind's fieldLabels (lib/nodes/kinds/webhook.ts), the one place they are written,
// and a problem ("Signature header: …") names a field the form shows under that label.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fieldErrors } from "@/components/canvas/config-forms/types";
import { WebhookForm } from "@/components/canvas/config-forms/webhook-form";
import { getNodeKind } from "@/lib/nodes/catalog";
import { configProblem } from "@/lib/nodes/field-labels";
import { credentialQueries } from "@/lib/queries/credentials";

afterEach(cleanup);

const kind = getNodeKind("webhook")!;

function renderForm(config: Record<string, unknown>) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  client.setQueryData(credentialQueries.all().queryKey, { items: [] });
  render(
    <QueryClientProvider client={client}>
      <WebhookForm nodeId="trigger" config={config} onChange={() => {}} errors={fieldErrors(kind, config)} />
    </QueryClientProvider>,
  );
}

// Between them these configs show every field the kind has a label for.
const configs: Record<string, unknown>[] = [
  {
    verification: { preset: "hmac", header: "X-Signature", timestampHeader: "X-Timestamp" },
    dedupe: { by: "json" },
  },
  { verification: { preset: "token", in: "header", name: "" }, dedupe: { by: "header" } },
  { verification: { preset: "basic", username: "" } },
];

const labelled = (label: string) => screen.queryAllByLabelText(label, { exact: true }).length > 0;

describe("the webhook form's labels", () => {
  it("show every field under the label the kind's problem messages use", () => {
    const labels = new Set(Object.values(kind.fieldLabels!));
    const shown = new Set<string>();
    for (const config of configs) {
      renderForm(config);
      for (const label of labels) if (labelled(label)) shown.add(label);
      cleanup();
    }
    expect([...labels].filter((l) => !shown.has(l))).toEqual([]);
  });

  it("name a field in a problem message as the form labels it", () => {
    const config = {
      verification: { preset: "hmac", header: "", timestampHeader: "X Timestamp" },
      secretId: "cred_1",
      dedupe: { by: "header", windowHours: 0 },
      maxBodyKb: 0,
      response: { status: 500 },
    };
    const parsed = kind.config.safeParse(config);
    expect(parsed.success).toBe(false);
    const problems = parsed.error!.issues.map((issue) => configProblem(kind, issue));
    expect(problems.length).toBeGreaterThanOrEqual(5);
    renderForm(config);
    for (const problem of problems) {
      const label = problem.slice(0, problem.indexOf(": "));
      expect(labelled(label), `"${problem}" names a field the form shows`).toBe(true);
    }
  });
});
