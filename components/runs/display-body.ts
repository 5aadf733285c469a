// A stored body as text to show: pretty JSON when it parses, base64 for binary, else as sent.
// Whatever it is, it ends up as a text node: a stranger wrote it.
import type { DeliveryView } from "@/lib/api/dto";

export function displayBody(delivery: Pick<DeliveryView, "body" | "bodyEncoding">): {
  text: string;
  note: string | null;
} {
  if (delivery.bodyEncoding === "base64") return { text: delivery.body, note: "binary, shown as base64" };
  if (delivery.body === "") return { text: "", note: "empty" };
  try {
    return { text: JSON.stringify(JSON.parse(delivery.body), null, 2), note: "JSON, formatted" };
  } catch {
    return { text: delivery.body, note: null };
  }
}
