"use client";

// A JSON (template) editor with syntax highlighting: a transparent <textarea> over a highlighted
// copy of the same text, so typing, selection, undo and screen readers all use the native field.
// {{ references }} inside strings are marked, and a parse error is reported by the caller's schema.
import { useRef, type ReactNode } from "react";

type Props = {
  id: string;
  value: string;
  onChange: (v: string) => void;
  describedBy?: string | undefined;
  invalid?: boolean;
  rows?: number;
  placeholder?: string;
};

const TOKEN = /("(?:[^"\\]|\\.)*"?)|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|\b(true|false|null)\b|([{}[\],:])/g;

export function highlightJson(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let i = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const [all, str, num, lit] = m;
    const key = i++;
    if (str !== undefined) {
      // A string followed by ":" is a key.
      const isKey = /^\s*:/.test(text.slice(m.index + all.length));
      out.push(
        <span key={key} className={isKey ? "text-sky-800" : "text-emerald-800"}>
          {str.split(/(\{\{[^{}]*\}\})/g).map((part, j) =>
            j % 2 ? (
              <mark key={j} className="rounded bg-amber-100 text-amber-900">
                {part}
              </mark>
            ) : (
              part
            ),
          )}
        </span>,
      );
    } else if (num !== undefined)
      out.push(
        <span key={key} className="text-violet-800">
          {num}
        </span>,
      );
    else if (lit !== undefined)
      out.push(
        <span key={key} className="text-rose-800">
          {lit}
        </span>,
      );
    else
      out.push(
        <span key={key} className="text-slate-500">
          {all}
        </span>,
      );
    last = m.index + all.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const box =
  "col-start-1 row-start-1 m-0 w-full overflow-hidden rounded-md border px-2.5 py-1.5 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap";

export function JsonEditor({ id, value, onChange, describedBy, invalid, rows = 8, placeholder }: Props) {
  const pre = useRef<HTMLPreElement>(null);
  return (
    <div className="grid">
      <pre ref={pre} aria-hidden className={`${box} border-transparent bg-white text-slate-900`}>
        {highlightJson(value)}
        {/* keeps a trailing newline's line box */}{" "}
      </pre>
      <textarea
        id={id}
        aria-describedby={describedBy}
        aria-invalid={invalid}
        value={value}
        rows={rows}
        spellCheck={false}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => pre.current && (pre.current.scrollTop = e.currentTarget.scrollTop)}
        className={`${box} resize-y border-slate-300 bg-transparent text-transparent caret-slate-900 shadow-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-2 focus:outline-indigo-500/30 aria-invalid:border-red-400`}
      />
    </div>
  );
}
