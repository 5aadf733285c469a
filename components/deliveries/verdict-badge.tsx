// A request's verdict. The badge text is exactly the verdict word; the colour only reinforces it.
import { verdictTone, type VerdictTone } from "./verdicts";

const tones: Record<VerdictTone, string> = {
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  neutral: "bg-slate-100 text-slate-700 ring-slate-300",
  warning: "bg-amber-50 text-amber-800 ring-amber-300",
  rejected: "bg-red-50 text-red-800 ring-red-300",
};

export function VerdictBadge({ verdict }: { verdict: string }) {
  return (
    <span
      data-testid="delivery-verdict"
      data-tone={verdictTone(verdict)}
      className={`inline-flex rounded-full px-2 py-0.5 font-mono text-xs font-medium ring-1 ring-inset ${tones[verdictTone(verdict)]}`}
    >
      {verdict}
    </span>
  );
}
