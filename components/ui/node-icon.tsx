// Node kind icons as inline SVG (Lucide-style strokes), so they render without an emoji font.
import type { NodeIconName } from "@/lib/nodes/catalog";

const paths: Record<NodeIconName, React.ReactNode> = {
  webhook: <path d="M13 2 3 14h9l-1 8 10-12h-9l1-8z" />,
  globe: (
    <>
      <circle cx="12" cy="12" r="10" />
      <path d="M2 12h20M12 2a15.3 15.3 0 0 1 4 10 15.3 15.3 0 0 1-4 10 15.3 15.3 0 0 1-4-10 15.3 15.3 0 0 1 4-10z" />
    </>
  ),
};

export function NodeIcon({ name, className = "h-4 w-4" }: { name: NodeIconName | undefined; className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" className={className} aria-hidden="true">
      {name ? paths[name] : <circle cx="12" cy="12" r="4" />}
    </svg>
  );
}
