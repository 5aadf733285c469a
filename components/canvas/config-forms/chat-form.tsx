"use client";

// Settings of the chat kinds (lib/nodes/kinds/{slack,discord,teams}.ts): the webhook (a
// credential: the URL is the secret) and the message as templates.
import { CredentialPicker } from "./http-credential-picker";
import { CheckboxField, TemplateField, str } from "./http-fields";
import type { ConfigFormProps } from "./types";

function setter({ config, onChange }: ConfigFormProps) {
  return (patch: Record<string, unknown>) => onChange({ ...config, ...patch });
}

export function SlackForm(props: ConfigFormProps) {
  const { config, errors } = props;
  const set = setter(props);
  return (
    <div className="flex flex-col gap-4">
      <CredentialPicker
        label="Slack webhook"
        type="slack-webhook-url"
        value={str(config.credentialId)}
        onChange={(credentialId) => set({ credentialId })}
        error={errors.get("credentialId")}
      />
      <TemplateField
        label="Message"
        value={config.text}
        onChange={(text) => set({ text })}
        error={errors.get("text")}
        rows={5}
        hint="Slack mrkdwn; with blocks it is the notification text."
        placeholder="New order {{ trigger.body.id }}"
      />
      <TemplateField
        label="Blocks (JSON, optional)"
        value={config.blocks}
        onChange={(blocks) => set({ blocks })}
        error={errors.get("blocks")}
        rows={8}
        mono
        hint="A Block Kit array, e.g. from Slack's Block Kit Builder; {{ references }} inside strings."
      />
    </div>
  );
}

export function DiscordForm(props: ConfigFormProps) {
  const { config, errors } = props;
  const set = setter(props);
  return (
    <div className="flex flex-col gap-4">
      <CredentialPicker
        label="Discord webhook"
        type="discord-webhook-url"
        value={str(config.credentialId)}
        onChange={(credentialId) => set({ credentialId })}
        error={errors.get("credentialId")}
      />
      <TemplateField
        label="Message"
        value={config.content}
        onChange={(content) => set({ content })}
        error={errors.get("content")}
        rows={5}
        hint="Markdown, at most 2,000 characters once filled in."
      />
      <TemplateField
        label="Bot name (optional)"
        value={config.username}
        onChange={(username) => set({ username })}
        error={errors.get("username")}
      />
      <CheckboxField
        label="Let @mentions in the message ping people"
        checked={config.allowMentions === true}
        onChange={(allowMentions) => set({ allowMentions })}
      />
    </div>
  );
}

export function TeamsForm(props: ConfigFormProps) {
  const { config, errors } = props;
  const set = setter(props);
  return (
    <div className="flex flex-col gap-4">
      <CredentialPicker
        label="Teams webhook"
        type="teams-webhook-url"
        value={str(config.credentialId)}
        onChange={(credentialId) => set({ credentialId })}
        error={errors.get("credentialId")}
      />
      <TemplateField
        label="Title"
        value={config.title}
        onChange={(title) => set({ title })}
        error={errors.get("title")}
      />
      <TemplateField
        label="Message"
        value={config.text}
        onChange={(text) => set({ text })}
        error={errors.get("text")}
        rows={5}
        hint="Markdown, shown in an Adaptive Card."
      />
      <TemplateField
        label="Card (JSON, optional)"
        value={config.card}
        onChange={(card) => set({ card })}
        error={errors.get("card")}
        rows={8}
        mono
        hint="An Adaptive Card of your own; replaces the title and message."
      />
    </div>
  );
}
