"use client";

import { useEffect, useState } from "react";
import { buttonStyles } from "./styles";

type Props = { text: string; label?: string; tone?: "light" | "dark" };

/**
 * Copies `text` and says so. navigator.clipboard only exists on secure origins, and a self-hosted
 * Hookline is often opened over plain http on a LAN, so fall back to a hidden textarea there.
 */
export function CopyButton({ text, label = "Copy", tone = "light" }: Props) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 1_500);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => setState((await copyText(text)) ? "copied" : "failed");
  const shown = state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label;
  const style =
    tone === "dark"
      ? "rounded px-2 py-1 text-xs font-medium bg-slate-700 text-slate-100 hover:bg-slate-600"
      : buttonStyles.secondary;

  return (
    <button type="button" onClick={copy} className={style}>
      <span aria-live="polite">{shown}</span>
    </button>
  );
}

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission denied or the document lost focus: try the old way below.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
