// Per-kind settings forms. The catalog declares kinds; this only maps a kind to its form widget,
// and any kind without one gets the form generated from its zod schema (generic-form.tsx).
import type { ComponentType } from "react";
import { CodeForm } from "./code-form";
import { DiscordForm, SlackForm, TeamsForm } from "./chat-form";
import { EmailForm } from "./email-form";
import { HttpForm } from "./http-form";
import { TableNodeForm } from "@/components/tables/table-node-form";
import { GenericConfigForm } from "./generic-form";
import type { ConfigFormProps } from "./types";
import { ScheduleForm } from "./schedule-form";
import { WebhookForm } from "./webhook-form";

const forms: Partial<Record<string, ComponentType<ConfigFormProps>>> = {
  webhook: WebhookForm,
  schedule: ScheduleForm,
  http: HttpForm,
  table: TableNodeForm,
  email: EmailForm,
  slack: SlackForm,
  discord: DiscordForm,
  teams: TeamsForm,
  code: CodeForm,
};

export function ConfigForm({ type, ...props }: ConfigFormProps & { type: string }) {
  const Form = forms[type];
  return Form ? <Form {...props} /> : <GenericConfigForm type={type} {...props} />;
}
