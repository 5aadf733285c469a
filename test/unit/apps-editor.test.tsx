// @vitest-environment jsdom
// Apps in the editor: the palette lists each app operation by app name and logo and finds it by
// search; an app node's form offers only that app's connected accounts (never another app's, nor
// an OAuth2 account still pending). The credential list is seeded in the query cache (no server).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { AppOperationForm } from "@/components/apps/app-operation-form";
import { Palette } from "@/components/canvas/palette";
import type { CredentialView } from "@/lib/credentials/types";
import { credentialQueries } from "@/lib/queries/credentials";

afterEach(cleanup);

const view = (id: string, name: string, app: { id: string; connected: boolean }): CredentialView => ({
  id,
  name,
  type: "app",
  createdAt: "2026-12-06T00:00:00.000Z",
  updatedAt: "2026-12-06T00:00:00.000Z",
  hint: "••••",
  rotation: null,
  app,
});

function withQueries(ui: React.ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, enabled: false } } });
  client.setQueryData(credentialQueries.all().queryKey, {
    items: [
      view("cred_t1", "Shop Trello", { id: "trello", connected: true }),
      view("cred_s1", "Shop Stripe", { id: "stripe", connected: true }),
      view("cred_g1", "Half-connected Sheets", { id: "googlesheets", connected: false }),
      view("cred_g2", "Shop Sheets", { id: "googlesheets", connected: true }),
    ],
  });
  return render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);
}

describe("apps in the editor", () => {
  it("the palette lists app operations under Apps with the app's logo, found by the app's name", () => {
    withQueries(<Palette hasTrigger onAdd={() => {}} />);
    const item = screen.getByTestId("palette-item-app:trello.createCard");
    expect(item.textContent).toContain("Trello: Create card");
    expect(item.querySelector("img")?.getAttribute("src")).toBe("/apps/trello.svg");
    fireEvent.change(screen.getByLabelText("Search nodes"), { target: { value: "google sheets" } });
    expect(screen.getByTestId("palette-item-app:googlesheets.appendRow")).toBeTruthy();
    expect(screen.queryByTestId("palette-item-app:trello.createCard")).toBeNull();
  });

  it("an app node's account picker lists only this app's connected accounts", () => {
    withQueries(
      <AppOperationForm
        type="app:googlesheets.appendRow"
        nodeId="n1"
        config={{ credentialId: "", spreadsheetId: "", sheet: "Sheet1", values: "" }}
        onChange={() => {}}
        errors={new Map()}
      />,
    );
    const select = screen.getByLabelText("Google Sheets account") as HTMLSelectElement;
    const names = [...select.options].map((o) => o.textContent);
    expect(names).toContain("Shop Sheets");
    expect(names).not.toContain("Half-connected Sheets");
    expect(names).not.toContain("Shop Trello");
    expect(screen.getByLabelText("Values")).toBeTruthy();
  });
});
