"use client";

// "URL actions" menu: replace the live or the test URL, e.g. after one leaked. The old URL then
// answers 410 Gone, so the user confirms first; the new URLs land in the cached flow.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { buttonStyles } from "@/components/ui/styles";
import { flowQueries, regenerateWebhook } from "@/lib/queries/flows";

const CONFIRM = "The old URL will stop working (410 Gone). Continue?";
const itemStyles = "block w-full px-3 py-1.5 text-left text-sm text-slate-700 hover:bg-slate-100 disabled:opacity-50";

export function UrlActions({ flowId }: { flowId: string }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const regenerate = useMutation({
    mutationFn: (kind: "live" | "test") => regenerateWebhook(flowId, kind),
    onSuccess: (urls) => {
      const { queryKey } = flowQueries.detail(flowId);
      queryClient.setQueryData(queryKey, (old) => old && { ...old, ...urls });
      void queryClient.invalidateQueries({ queryKey });
    },
  });

  // Close on a click elsewhere or Escape, like any menu.
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const choose = (kind: "live" | "test") => {
    setOpen(false);
    if (window.confirm(CONFIRM)) regenerate.mutate(kind);
  };

  return (
    <div ref={root} className="relative flex items-center gap-2">
      {regenerate.isError && (
        <span role="alert" className="text-sm text-red-700">
          Could not regenerate: {regenerate.error.message}
        </span>
      )}
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        className={buttonStyles.ghost}
      >
        URL actions <span aria-hidden>▾</span>
      </button>
      {open && (
        <div
          id={menuId}
          role="menu"
          className="absolute top-full right-0 z-20 mt-1 w-52 overflow-hidden rounded-md border border-slate-200 bg-white py-1 shadow-lg"
        >
          <button
            type="button"
            role="menuitem"
            disabled={regenerate.isPending}
            onClick={() => choose("live")}
            className={itemStyles}
          >
            Regenerate live URL
          </button>
          <button
            type="button"
            role="menuitem"
            disabled={regenerate.isPending}
            onClick={() => choose("test")}
            className={itemStyles}
          >
            Regenerate test URL
          </button>
        </div>
      )}
    </div>
  );
}
