"use client";

// Downloads the draft as a Hookline flow file (lib/flows/portable.ts): secrets and credential ids
// are left out, so the file can be shared.
import type { FlowDefinition } from "@/lib/flows/definition";
import { exportFlow } from "@/lib/flows/portable";
import { buttonStyles } from "@/components/ui/styles";

export function ExportButton({ name, definition }: { name: string; definition: FlowDefinition }) {
  const download = () => {
    const file = exportFlow(name, definition);
    const blob = new Blob([JSON.stringify(file, null, 2)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${
      name
        .replace(/[^A-Za-z0-9_-]+/g, "-")
        .replace(/^-|-$/g, "")
        .toLowerCase() || "flow"
    }.hookline.json`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  return (
    <button
      type="button"
      className={buttonStyles.ghost}
      onClick={download}
      title="Download this flow as JSON (secrets left out)"
    >
      Export
    </button>
  );
}
