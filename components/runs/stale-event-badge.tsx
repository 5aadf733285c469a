// Marks a run that processed a stale event: the stale-event guard found its delivery older than one
// already accepted for the same object and, set to flag rather than skip, ran it all the same. The
// explanation is the tooltip and, for screen readers and keyboard users who get no tooltip, the
// badge's hidden text.
import type { StaleEvent } from "@/lib/api/dto";

export function staleEventExplanation(staleEvent: StaleEvent): string {
  const object = staleEvent.objectId === null ? "the same object" : staleEvent.objectId;
  return `An older event than one already accepted for ${object}; the stale-event guard flagged it and ran it anyway.`;
}

export function StaleEventBadge({ staleEvent }: { staleEvent: StaleEvent | null | undefined }) {
  if (!staleEvent) return null;
  const explanation = staleEventExplanation(staleEvent);
  return (
    <span
      data-testid="stale-event-badge"
      title={explanation}
      className="inline-flex items-center rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-300 ring-inset"
    >
      stale
      <span className="sr-only">: {explanation}</span>
    </span>
  );
}
