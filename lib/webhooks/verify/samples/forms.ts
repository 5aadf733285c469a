// Example deliveries of the forms and scheduling senders (types.ts).
import type { SenderSample } from "./types";

export const typeform: SenderSample[] = [
  {
    event: "form_response",
    body: {
      event_id: "01H8XJ9R3K5ZQ2C7V0P6W4N1TB",
      event_type: "form_response",
      form_response: {
        form_id: "lT4Z3j",
        token: "a3a12ec67a1365927098a606107fac15",
        submitted_at: "2026-12-06T05:00:00Z",
        hidden: { order_id: "1042" },
        answers: [
          { type: "email", email: "ada@example.com", field: { id: "SMEUb7VJz92Q", type: "email" } },
          { type: "number", number: 5, field: { id: "JwWggjAKtOkA", type: "opinion_scale" } },
        ],
      },
    },
  },
];

export const calendly: SenderSample[] = [
  {
    event: "invitee.created",
    body: {
      event: "invitee.created",
      created_at: "2026-12-06T05:00:00.000000Z",
      payload: {
        uri: "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/AAAAAAAAAAAAAAAA",
        email: "ada@example.com",
        name: "Ada Lovelace",
        status: "active",
        scheduled_event: { name: "30 minute meeting", start_time: "2026-12-10T15:00:00.000000Z" },
        updated_at: "2026-12-06T05:00:00.000000Z",
      },
    },
  },
];
