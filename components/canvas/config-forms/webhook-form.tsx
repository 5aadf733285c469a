"use client";

// The webhook trigger has no settings; explain what starts the flow and where to send requests.
import { useEditorInfo } from "../editor-context";

export function WebhookForm() {
  const { webhookUrl } = useEditorInfo();
  return (
    <div className="flex flex-col gap-2 text-sm text-slate-700">
      <p>This flow starts when a request reaches its webhook URL.</p>
      {webhookUrl ? (
        // No second Copy button here: the URL bar above the canvas has the one.
        <code className="rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all text-slate-800">{webhookUrl}</code>
      ) : (
        <p className="text-slate-500">Publish the flow to get a live URL you can paste into Stripe, Shopify or any other sender.</p>
      )}
    </div>
  );
}
