// @vitest-environment jsdom
// The hand-written forms of the action kinds: fields follow the choices (body type, auth, method),
// the credential picker lists only credentials of the type the choice needs, and the schema's
// errors show at their fields. The credential list is seeded in the query cache (no server).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { DiscordForm } from "@/components/canvas/config-forms/chat-form";
import { EmailForm } from "@/components/canvas/config-forms/email-form";
import { HttpForm } from "@/components/canvas/config-forms/http-form";
import { fieldErrors, type ConfigFormProps } from "@/components/canvas/config-forms/types";
import type { CredentialView } from "@/lib/credentials/types";
import { getNodeKind } from "@/lib/nodes/catalog";
import { credentialQueries } from "@/lib/queries/credentials";

afterEach(cleanup);

const view = (id: string, name: string, type: CredentialView["type"]): CredentialView => ({
  id,
  name,
  type,
  createdAt: "",
  updatedAt: "",
  hint: "••••",
  rotation: null,
});
const credentials = [
  view("cred_tok", "CRM token", "bearer-token"),
  view("cred_login", "Shop login", "basic-auth"),
  view("cred_smtp", "Mail", "smtp"),
  view("cred_dc", "Ops channel", "discord-webhook-url"),
];

/** Renders a form as the config panel does: state in, errors from the kind's schema. */
function renderForm(type: string, Form: React.ComponentType<ConfigFormProps>, initial: Record<string, unknown>) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  client.setQueryData(credentialQueries.all().queryKey, { items: credentials });
  let latest = initial;
  function Host() {
    const [config, setConfig] = useState(initial);
    latest = config;
    return <Form nodeId="n1" config={config} onChange={setConfig} errors={fieldErrors(getNodeKind(type)!, config)} />;
  }
  render(
    <QueryClientProvider client={client}>
      <Host />
    </QueryClientProvider>,
  );
  return { config: () => latest };
}

const options = (label: string) =>
  Array.from((screen.getByLabelText(label) as HTMLSelectElement).options).map((o) => o.textContent);

describe("HTTP request form", () => {
  it("asks for a credential of the auth mode's type, and only lists those", () => {
    const form = renderForm("http", HttpForm, {
      ...(getNodeKind("http")!.defaults as Record<string, unknown>),
      url: "https://api.example.com",
    } as Record<string, unknown>);
    expect(screen.queryByLabelText("Credential")).toBeNull();
    fireEvent.change(screen.getByLabelText("Authentication"), { target: { value: "bearer" } });
    expect(options("Credential")).toEqual(["Choose…", "CRM token (••••)"]);
    expect(screen.getByText("Choose the credential to authenticate with")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Credential"), { target: { value: "cred_tok" } });
    expect(form.config()).toMatchObject({ auth: "bearer", credentialId: "cred_tok" });
    expect(screen.queryByText("Choose the credential to authenticate with")).toBeNull();
    fireEvent.change(screen.getByLabelText("Authentication"), { target: { value: "basic" } });
    expect(form.config()).toMatchObject({ auth: "basic", credentialId: "" });
    expect(options("Credential")).toEqual(["Choose…", "Shop login (••••)"]);
  });

  it("shows the body editor of the body type, and none for GET", () => {
    const form = renderForm("http", HttpForm, {
      ...(getNodeKind("http")!.defaults as Record<string, unknown>),
      url: "https://api.example.com",
    } as Record<string, unknown>);
    fireEvent.change(screen.getByLabelText("Body (JSON)"), { target: { value: "{nope" } });
    expect(screen.getByText(/Body must be valid JSON/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Body type"), { target: { value: "form" } });
    expect(screen.queryByLabelText("Body (JSON)")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Add field" }));
    fireEvent.change(screen.getByLabelText("Field name"), { target: { value: "amount" } });
    fireEvent.change(screen.getByLabelText("Field value"), { target: { value: "{{ trigger.body.amount }}" } });
    expect(form.config()).toMatchObject({
      bodyType: "form",
      form: [{ name: "amount", value: "{{ trigger.body.amount }}" }],
    });
    fireEvent.change(screen.getByLabelText("Method"), { target: { value: "GET" } });
    expect(screen.queryByLabelText("Body type")).toBeNull();
  });

  it("reports a bad success-status list at its field", () => {
    renderForm("http", HttpForm, {
      ...(getNodeKind("http")!.defaults as Record<string, unknown>),
      url: "https://api.example.com",
      successStatuses: "2xx, abc",
    } as Record<string, unknown>);
    expect(screen.getByText(/"abc" is not a status code or range/)).toBeTruthy();
  });
});

describe("e-mail and chat forms", () => {
  it("e-mail: SMTP servers only, and the schema's errors at their fields", () => {
    renderForm("email", EmailForm, getNodeKind("email")!.defaults as Record<string, unknown>);
    expect(options("SMTP server")).toEqual(["Choose…", "Mail (••••)"]);
    expect(screen.getByText("Give at least one recipient")).toBeTruthy();
    expect(screen.getByText("Write a subject")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Subject"), { target: { value: "Order {{ trigger.body. }}" } });
    expect(screen.getByText(/Invalid reference/)).toBeTruthy();
  });

  it("Discord: its webhooks only; mentions stay off unless ticked", () => {
    const form = renderForm("discord", DiscordForm, getNodeKind("discord")!.defaults as Record<string, unknown>);
    expect(options("Discord webhook")).toEqual(["Choose…", "Ops channel (••••)"]);
    fireEvent.click(screen.getByLabelText("Let @mentions in the message ping people"));
    expect(form.config()).toMatchObject({ allowMentions: true });
  });
});
