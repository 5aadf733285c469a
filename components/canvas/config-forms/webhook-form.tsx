"use client";

// Settings of the webhook trigger (webhookTriggerConfig in lib/nodes/catalog.ts): where senders
// post, how a delivery is verified and with which secret, and, folded away, dedupe, filters,
// limits and the answer. Errors come from the catalog schema, keyed by path.
import { useEditorInfo } from "../editor-context";
import type { ConfigFormProps } from "./types";
import { AdvancedSettings } from "./webhook/advanced-settings";
import { str } from "./webhook/config-access";
import { verificationPresets } from "@/lib/webhooks/verify/presets";
import { SecretPicker } from "./webhook/secret-picker";
import { presetOf, VerificationFields } from "./webhook/verification-fields";

export function WebhookForm({ config, onChange, errors }: ConfigFormProps) {
  const { webhookUrl } = useEditorInfo();
  const preset = verificationPresets[presetOf(config)];
  const secretId = str(config.secretId) || undefined;
  // The schema only checks the secret once everything else is valid; say it at once.
  const secretError =
    errors.get("secretId") ??
    (preset.needsSecret && !secretId ? "Choose the signing secret for this verification" : undefined);

  return (
    <div className="flex flex-col gap-4">
      {webhookUrl ? (
        // No second Copy button here: the URL bar above the canvas has the one.
        <code className="rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all text-slate-800">{webhookUrl}</code>
      ) : (
        <p className="text-sm text-slate-500">
          Publish the flow to get a live URL you can paste into Stripe, Shopify or any other sender.
        </p>
      )}
      <VerificationFields config={config} onChange={onChange} errors={errors} />
      {preset.needsSecret && (
        <SecretPicker
          secretId={secretId}
          onSelect={(id) => onChange({ ...config, secretId: id })}
          error={secretError}
          secretHint={"secretHint" in preset ? preset.secretHint : undefined}
        />
      )}
      <AdvancedSettings config={config} onChange={onChange} errors={errors} />
    </div>
  );
}
