"use client";

// "Import": reads a Hookline flow file (lib/flows/portable.ts) and creates a new flow from it.
// Credential ids and secrets are never imported; the editor then asks for the missing ones.
import { useId, useState } from "react";
import { parseFlowFile } from "@/lib/flows/portable";
import { buttonStyles } from "@/components/ui/styles";
import { useCreateFlowFrom } from "./use-create-flow-from";

export function ImportFlowButton() {
  const inputId = useId();
  const create = useCreateFlowFrom();
  const [error, setError] = useState<string | null>(null);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    if (file.size > 5 * 1024 * 1024) return setError("The file is larger than 5 MB.");
    const result = parseFlowFile(await file.text());
    if (!result.ok) return setError(result.error);
    create.mutate({ name: result.name, definition: result.definition });
  };

  return (
    <div className="flex flex-col items-end gap-1">
      {/* A real file input, visually a button: keyboard and screen readers get the native control. */}
      <label
        htmlFor={inputId}
        className={`${buttonStyles.secondary} cursor-pointer focus-within:outline-2 focus-within:outline-indigo-600`}
      >
        Import flow
        <input
          id={inputId}
          type="file"
          accept="application/json,.json"
          className="sr-only"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
      </label>
      {(error ?? create.error) && (
        <p role="alert" className="text-sm text-red-700">
          Could not import: {error ?? create.error?.message}
        </p>
      )}
    </div>
  );
}
