// HubSpot CRM v3: create or update a contact by e-mail (batch upsert with idProperty email), and
// create a deal. Auth: a private app's access token as a bearer token.
// https://developers.hubspot.com/docs/api/crm/contacts
import { z } from "zod";
import { optionalText, pairs, requiredText, text } from "../fields";
import { defineApp, defineOperation } from "../types";

type Obj = { id?: string; properties?: Record<string, string | null>; new?: boolean };
type Property = { name: string; label?: string; hidden?: boolean; modificationMetadata?: { readOnlyValue?: boolean } };

const upsertContact = defineOperation({
  id: "upsertContact",
  label: "Create or update a contact",
  description: "Finds the contact by e-mail and updates it, or creates it.",
  fields: z.object({
    email: requiredText("E-mail"),
    firstName: optionalText("First name"),
    lastName: optionalText("Last name"),
    property: optionalText("Property", "A contact property to set (pick one, or type its internal name)"),
    value: optionalText("Its value"),
    properties: optionalText("Other properties", "One property=value per line (internal names, e.g. phone=+44…)", true),
  }),
  defaults: { email: "", firstName: "", lastName: "", property: "", value: "", properties: "" },
  sideEffect: true,
  idempotency: { kind: "none", why: "An upsert by e-mail is idempotent: a repeat updates the same contact" },
  request: (f) => {
    const email = text(f.email);
    const properties: Record<string, string> = { ...pairs(f.properties, "Other properties"), email };
    if (text(f.firstName)) properties.firstname = text(f.firstName);
    if (text(f.lastName)) properties.lastname = text(f.lastName);
    if (text(f.property)) properties[text(f.property)] = text(f.value);
    return {
      method: "POST",
      path: "/crm/v3/objects/contacts/batch/upsert",
      body: { json: { inputs: [{ idProperty: "email", id: email, properties }] } },
    };
  },
  output: (body) => {
    const r = (body as { results?: Obj[] }).results?.[0] ?? {};
    return { id: r.id, created: r.new ?? false, properties: r.properties ?? {} };
  },
});

const createDeal = defineOperation({
  id: "createDeal",
  label: "Create a deal",
  description: "Adds a deal to a pipeline stage.",
  fields: z.object({
    name: requiredText("Deal name"),
    amount: optionalText("Amount"),
    pipeline: requiredText("Pipeline", "Its internal id, e.g. default"),
    stage: requiredText("Stage", "Its internal id, e.g. appointmentscheduled"),
    properties: optionalText("Other properties", "One property=value per line", true),
  }),
  defaults: { name: "", amount: "", pipeline: "default", stage: "appointmentscheduled", properties: "" },
  sideEffect: true,
  idempotency: {
    kind: "none",
    why: "HubSpot takes no idempotency key: a retry after a lost answer may add a second deal",
  },
  request: (f) => ({
    method: "POST",
    path: "/crm/v3/objects/deals",
    body: {
      json: {
        properties: {
          ...pairs(f.properties, "Other properties"),
          dealname: text(f.name),
          pipeline: text(f.pipeline),
          dealstage: text(f.stage),
          ...(text(f.amount) ? { amount: text(f.amount) } : {}),
        },
      },
    },
  }),
  output: (body) => {
    const d = body as Obj;
    return { id: d.id, properties: d.properties ?? {} };
  },
});

export const hubspot = defineApp({
  id: "hubspot",
  name: "HubSpot",
  logo: "/apps/hubspot.svg",
  description: "Contacts and deals.",
  baseUrl: "https://api.hubapi.com",
  auth: { kind: "bearer", label: "Private app access token" },
  operations: [upsertContact, createDeal],
  errorMessage: (body) => (body as { message?: string } | null)?.message,
  options: {
    // Writable contact properties by internal name (read-only ones would only fail the upsert).
    property: {
      request: () => ({ method: "GET", path: "/crm/v3/properties/contacts" }),
      map: (body) =>
        ((body as { results?: Property[] }).results ?? [])
          .filter((p) => !p.modificationMetadata?.readOnlyValue && !p.hidden)
          .map((p) => ({ value: p.name, label: p.label || p.name })),
    },
  },
});
