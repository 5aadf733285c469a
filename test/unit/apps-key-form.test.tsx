// @vitest-environment jsdom
// The Apps page's account form for key apps: a Shopify account's shop domain is typed in the clear
// (with the your-shop.myshopify.com example) while its access token stays masked, and an app whose
// parts are all credentials (Trello) masks every one. The form is built from the list the page
// reads (appView, the same mapping GET /api/apps answers with), parsed by its schema.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { KeyForm } from "@/components/apps/apps-page";
import { appListSchema, appView } from "@/lib/apps/app-view";
import { getApp } from "@/lib/apps/catalog";

afterEach(cleanup);

/** An app as the page gets it from the API: its view, through the list's schema. */
const listed = (id: string) => appListSchema.parse({ items: [appView(getApp(id)!)] }).items[0]!;

const renderForm = (id: string) =>
  render(
    <QueryClientProvider client={new QueryClient()}>
      <KeyForm app={listed(id)} />
    </QueryClientProvider>,
  );

describe("the account form of a key app", () => {
  it("Shopify: the shop domain is a text field with its example, the access token a password field", () => {
    renderForm("shopify");
    const shop = screen.getByLabelText("Shop domain") as HTMLInputElement;
    expect(shop.type).toBe("text");
    expect(shop.placeholder).toBe("your-shop.myshopify.com");
    const token = screen.getByLabelText("Admin API access token (shpat_…)") as HTMLInputElement;
    expect(token.type).toBe("password");
    expect(token.placeholder).toBe("");
  });

  it("Trello: every part is a credential, so every field is masked", () => {
    renderForm("trello");
    expect((screen.getByLabelText("API key") as HTMLInputElement).type).toBe("password");
    expect((screen.getByLabelText("Token") as HTMLInputElement).type).toBe("password");
  });
});
