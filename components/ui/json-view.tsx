// Read-only JSON, always rendered as text (never as HTML), with a Copy button.
import { CopyButton } from "./copy-button";

export function toPrettyJson(value: unknown): string {
  if (value === undefined) return "(nothing)";
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

export function JsonView({ value, copyLabel }: { value: unknown; copyLabel: string }) {
  const text = toPrettyJson(value);
  return (
    <div className="relative">
      <pre className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 pr-20 font-mono text-xs leading-relaxed text-slate-100">
        {text}
      </pre>
      <div className="absolute top-2 right-2">
        <CopyButton text={text} label={copyLabel} tone="dark" />
      </div>
    </div>
  );
}
