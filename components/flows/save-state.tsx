// The draft's save state. The element's text is exactly the state ("Saved", "Unsaved changes",
// "Saving…", "Save failed: <reason>"); the icon beside it is decoration.
type Props = { label: string; phase: "idle" | "saving" | "failed"; dirty: boolean };

export function SaveState({ label, phase, dirty }: Props) {
  const tone =
    phase === "failed"
      ? "text-red-700"
      : phase === "saving"
        ? "text-slate-500"
        : dirty
          ? "text-amber-700"
          : "text-emerald-700";
  const icon = phase === "failed" ? "⚠" : phase === "saving" ? "…" : dirty ? "●" : "✓";
  return (
    <span role="status" className={`flex min-w-0 items-center gap-1.5 text-sm ${tone}`}>
      <span aria-hidden>{icon}</span>
      <span data-testid="save-state" className="truncate" title={label}>
        {label}
      </span>
    </span>
  );
}
