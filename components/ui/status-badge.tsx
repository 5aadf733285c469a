// A run or step status. The text is exactly the status word (tests and screen readers read it);
// the colour and the dot only reinforce it.
const tones: Record<string, string> = {
  queued: "bg-slate-100 text-slate-700 ring-slate-300",
  held: "bg-amber-50 text-amber-800 ring-amber-300",
  running: "bg-sky-50 text-sky-800 ring-sky-300",
  sleeping: "bg-indigo-50 text-indigo-800 ring-indigo-300",
  retrying: "bg-orange-50 text-orange-800 ring-orange-300",
  succeeded: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  failed: "bg-red-50 text-red-800 ring-red-300",
  cancelled: "bg-amber-50 text-amber-800 ring-amber-300",
};

const dots: Record<string, string> = {
  queued: "bg-slate-400",
  // Hollow: waiting for the flow to be resumed, not failing.
  held: "bg-transparent ring-1 ring-amber-500",
  running: "bg-sky-500 animate-pulse",
  // Hollow: waiting on a timer, not working.
  sleeping: "bg-transparent ring-1 ring-indigo-500",
  retrying: "bg-orange-500 animate-pulse",
  succeeded: "bg-emerald-500",
  failed: "bg-red-500",
  cancelled: "bg-amber-500",
};

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[status] ?? tones.queued}`}
    >
      <span aria-hidden className={`size-1.5 rounded-full ${dots[status] ?? dots.queued}`} />
      <span data-testid={testId}>{status}</span>
    </span>
  );
}
