// The flow's test URL and the last sample it received. Unlike the live URL it works before the
// first publish: samples follow the draft and never run the published flow (they run the draft
// only when the user ticks the box).
import { CopyButton } from "@/components/ui/copy-button";
import { RunDraftToggle } from "./run-draft-toggle";
import { SamplePanel } from "./sample-panel";

export function TestUrlPanel({ flowId, url, runsDraft }: { flowId: string; url: string; runsDraft: boolean }) {
  return (
    <section
      aria-label="Test URL"
      className="flex shrink-0 flex-col gap-1 border-b border-slate-200 bg-slate-50 px-4 py-1.5 text-sm"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-medium text-slate-700">Test URL</span>
        {/* The space keeps the URL a separate word from "Copy" in the element's text. */}
        <div data-testid="test-webhook-url" className="flex min-w-0 items-center gap-2">
          <code className="min-w-0 truncate rounded bg-white px-2 py-0.5 font-mono text-xs text-slate-800 ring-1 ring-slate-200">
            {url}
          </code>{" "}
          <CopyButton text={url} />
        </div>
        <span className="text-xs text-slate-500">
          Send a sample event here to map its fields; it never runs the published flow.
        </span>
        <RunDraftToggle flowId={flowId} checked={runsDraft} />
      </div>
      <SamplePanel flowId={flowId} />
    </section>
  );
}
