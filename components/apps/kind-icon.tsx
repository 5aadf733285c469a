// A node kind's picture: an app's logo (public/apps/<app>.svg), else the kind's stroke icon.
import type { NodeKind } from "@/lib/nodes/catalog";
import { NodeIcon } from "@/components/ui/node-icon";

export function KindIcon({ kind }: { kind: NodeKind | undefined }) {
  if (kind?.logo)
    // eslint-disable-next-line @next/next/no-img-element -- a small local SVG, no optimisation to gain
    return <img src={kind.logo} alt="" width={18} height={18} className="size-[18px]" />;
  return <NodeIcon name={kind?.icon} />;
}
