// The flow's inbound URL. It only accepts requests once a version is published, so before that
// it is not shown at all (a copied-but-dead URL would just produce 409s at the sender).
import { CopyButton } from "@/components/ui/copy-button";

export function WebhookUrlPanel({ url, published }: { url: string; published: boolean }) {
  return (
    <div className="flex shrink-0 items-center gap-3 border-b border-slate-200 bg-slate-50 px-4 py-1.5 text-sm">
      <span className="font-medium text-slate-700">Webhook URL</span>
      {published ? (
        <>
          {/* The space keeps the URL a separate word from "Copy" in the element's text. */}
          <div data-testid="webhook-url" className="flex min-w-0 items-center gap-2">
            <code className="min-w-0 truncate rounded bg-white px-2 py-0.5 font-mono text-xs text-slate-800 ring-1 ring-slate-200">
              {url}
            </code>{" "}
            <CopyButton text={url} />
          </div>
          <span className="hidden text-xs text-slate-500 lg:inline">
            Paste it into the service that sends the webhooks.
          </span>
        </>
      ) : (
        <span className="text-slate-500">Publish to activate this URL.</span>
      )}
    </div>
  );
}
