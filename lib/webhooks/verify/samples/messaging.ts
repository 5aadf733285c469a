// Example deliveries of the messaging and e-mail senders (types.ts).
import type { SenderSample } from "./types";

export const twilio: SenderSample[] = [
  {
    event: "delivered",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: {
      MessageSid: "SM1f0e8ae6ade43cb3c0ce4525424e404f",
      MessageStatus: "delivered",
      AccountSid: "AC25e16e9a716a4a1786a7c83f58e30482",
      From: "+15017122661",
      To: "+15558675310",
    },
  },
];

export const slack: SenderSample[] = [
  {
    event: "app_mention",
    body: {
      type: "event_callback",
      team_id: "T0001",
      event_id: "Ev0PV52K21",
      event_time: 1733461200,
      event: {
        type: "app_mention",
        user: "U061F7AUR",
        text: "<@U0LAN0Z89> is it everything?",
        channel: "C0LAN2Q65",
        ts: "1733461200.000200",
      },
    },
  },
];

export const zoom: SenderSample[] = [
  {
    event: "meeting.started",
    body: {
      event: "meeting.started",
      event_ts: 1733461200000,
      payload: {
        account_id: "AAAAAABBBB",
        object: {
          id: "85416123455",
          uuid: "4444AAAiAAAAAiAiAiiAii==",
          topic: "Weekly sync",
          start_time: "2026-12-06T05:00:00Z",
        },
      },
    },
  },
];

export const mailgun: SenderSample[] = [
  {
    event: "delivered",
    body: {
      "event-data": {
        id: "CPgfbmQMTCKtHW6uIWtuVe",
        event: "delivered",
        timestamp: 1733461200.123,
        recipient: "ada@example.com",
        message: { headers: { "message-id": "20261206050000.1.ABCD@mg.example.com", subject: "Your order" } },
      },
    },
  },
];

export const sendgrid: SenderSample[] = [
  {
    event: "delivered",
    body: [
      {
        email: "ada@example.com",
        timestamp: 1733461200,
        event: "delivered",
        sg_event_id: "sg_event_id_delivered",
        sg_message_id: "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
        response: "250 OK",
      },
    ],
  },
];

export const intercom: SenderSample[] = [
  {
    event: "conversation.user.created",
    body: {
      type: "notification_event",
      id: "notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3",
      topic: "conversation.user.created",
      created_at: 1733461200,
      data: {
        item: {
          type: "conversation",
          id: "147",
          updated_at: 1733461200,
          source: { body: "<p>Hi, my order has not arrived</p>", author: { email: "ada@example.com" } },
        },
      },
    },
  },
];
