"use client";

// Settings of the Code kind (lib/nodes/kinds/code.ts): the function body in a monospace editor
// (Tab indents instead of leaving the field), its time and memory limits. A syntax error shows
// under the editor as soon as it is typed: the kind's schema parses the code with acorn.
import type { KeyboardEvent } from "react";
import { inputStyles } from "@/components/ui/styles";
import { CODE_MAX_MEMORY_MB, CODE_MAX_TIMEOUT_MS } from "@/lib/nodes/kinds/code";
import { Field } from "./field";
import { NumberField, str } from "./http-fields";
import type { ConfigFormProps } from "./types";

const INDENT = "  ";

function indentOnTab(e: KeyboardEvent<HTMLTextAreaElement>, onChange: (code: string) => void) {
  if (e.key !== "Tab" || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
  e.preventDefault();
  const el = e.currentTarget;
  const { selectionStart: start, selectionEnd: end, value } = el;
  onChange(`${value.slice(0, start)}${INDENT}${value.slice(end)}`);
  requestAnimationFrame(() => el.setSelectionRange(start + INDENT.length, start + INDENT.length));
}

export function CodeForm({ config, onChange, errors }: ConfigFormProps) {
  const set = (patch: Record<string, unknown>) => onChange({ ...config, ...patch });
  const setCode = (code: string) => set({ code });
  return (
    <div className="flex flex-col gap-4">
      <Field
        label="Code"
        error={errors.get("code")}
        hint={
          <>
            A function body run in a sandbox (no network, files or Node): end with <code>return {"{ … }"}</code>. It
            reads <code>trigger</code> (<code>trigger.body</code>, <code>trigger.headers</code>,{" "}
            <code>trigger.query</code>
            ), <code>nodes.&lt;id&gt;</code> (an earlier step&apos;s output) and, in a loop, <code>loop.item</code>. The
            result is <code>nodes.&lt;this id&gt;.result</code>; <code>console.log</code> lines are kept with the step.
          </>
        }
      >
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            data-testid="code-editor"
            value={str(config.code)}
            onChange={(e) => setCode(e.target.value)}
            onKeyDown={(e) => indentOnTab(e, setCode)}
            rows={14}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            wrap="off"
            aria-describedby={describedBy}
            aria-invalid={invalid}
            className={`${inputStyles} font-mono text-xs leading-5`}
          />
        )}
      </Field>
      <NumberField
        label="Time limit (ms)"
        value={config.timeoutMs}
        onChange={(timeoutMs) => set({ timeoutMs })}
        error={errors.get("timeoutMs")}
        hint={`The code is stopped after this long (at most ${CODE_MAX_TIMEOUT_MS} ms).`}
        min={50}
        max={CODE_MAX_TIMEOUT_MS}
        step={100}
      />
      <NumberField
        label="Memory limit (MB)"
        value={config.memoryMb}
        onChange={(memoryMb) => set({ memoryMb })}
        error={errors.get("memoryMb")}
        hint={`At most ${CODE_MAX_MEMORY_MB} MB.`}
        min={8}
        max={CODE_MAX_MEMORY_MB}
        step={8}
      />
    </div>
  );
}
