// A sender's example delivery for the editor's data picker, offered until the flow's test URL has
// captured a real one: the event's name, the headers the sender sends (signatures left out) and
// the body, trimmed to the fields flows commonly map. Shapes follow the senders' documentation.
export type SenderSample = { event: string; headers?: Record<string, string>; body: unknown };
