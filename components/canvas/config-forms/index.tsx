// Per-kind settings forms. The catalog declares kinds; this only maps a kind to its form widget,
// and any kind without one gets the form generated from its zod schema (generic-form.tsx).
import type { ComponentType } from "react";
import { CodeForm } from "./code-form";
import { DiscordForm, SlackForm, TeamsForm } from "./chat-form";
import { EmailForm } from "./email-form";
import { HttpForm } from "./http-form";
import { TableNodeForm } from "@/components/tables/table-node-form";
import { AppOperationForm } from "@/components/apps/app-operation-form";
import { APP_NODE_PREFIX } from "@/lib/apps/catalog";
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

const isAppOperation = (type: string) => type.startsWith(APP_NODE_PREFIX);

export function ConfigForm({ type, ...props }: ConfigFormProps & { type: string }) {
  // App operations (lib/apps): one form for all, drawn from the operation's fields.
  if (isAppOperation(type)) return <AppOperationForm type={type} {...props} />;
  const Form = forms[type];
  return Form ? <Form {...props} /> : <GenericConfigForm type={type} {...props} />;
}
