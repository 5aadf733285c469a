// A label placed inside a sentence ("New SMTP server", "Remove header 2"): its first letter goes
// lower case unless the first word is an acronym or a name (SMTP, URL, Slack, Microsoft...). The
// rest of the label is already in sentence case and stays as it is.
const NAMES = new Set(["Slack", "Discord", "Microsoft", "Teams", "Stripe", "Shopify", "GitHub", "JSONata", "Inngest"]);

export function inSentence(label: string): string {
  const first = label.split(/\s/, 1)[0] ?? "";
  if (NAMES.has(first) || /^[A-Z0-9-]{2,}s?$/.test(first)) return label;
  return label.charAt(0).toLowerCase() + label.slice(1);
}
