// Twilio (REST API 2010-04-01, form-encoded bodies): send an SMS. Auth: HTTP basic with the
// Account SID (or an API key SID) and the auth token (or the API key's secret).
// https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource
import { z } from "zod";
import { optionalText, requiredText, seg, text } from "../fields";
import { defineApp, defineOperation } from "../types";

type Message = {
  sid?: string;
  status?: string;
  to?: string;
  from?: string | null;
  body?: string;
  num_segments?: string;
  date_created?: string;
  messaging_service_sid?: string | null;
};

/** "MG…": a Messaging Service picks the sender; anything else is the sender itself. */
const MESSAGING_SERVICE = /^MG[0-9a-f]{32}$/i;

const sendSms = defineOperation({
  id: "sendSms",
  label: "Send an SMS",
  description: "Sends a text message from one of your Twilio numbers or a Messaging Service.",
  fields: z.object({
    accountSid: requiredText(
      "Account SID",
      "AC…: the account the message is sent from (in the URL; with an API key it differs from the key's SID)",
    ),
    to: requiredText("To", "E.164 phone number, e.g. +14155550100"),
    from: requiredText("From", "Your Twilio number (E.164), sender id, or a Messaging Service SID (MG…)"),
    body: requiredText("Message").meta({ title: "Message", multiline: true }),
    statusCallback: optionalText("Status callback URL", "Twilio posts delivery status changes here"),
  }),
  defaults: { accountSid: "", to: "", from: "", body: "", statusCallback: "" },
  sideEffect: true,
  idempotency: {
    kind: "none",
    why: "Twilio takes no idempotency key: a retried call after a lost answer may send the SMS twice",
  },
  request: (f) => {
    const account = text(f.accountSid);
    if (!/^AC[0-9a-f]{32}$/i.test(account))
      throw new Error(`Account SID must be AC followed by 32 hex digits, got "${account.slice(0, 40)}"`);
    const from = text(f.from);
    const form: Record<string, string> = { To: text(f.to), Body: text(f.body) };
    if (MESSAGING_SERVICE.test(from)) form.MessagingServiceSid = from;
    else form.From = from;
    if (text(f.statusCallback)) form.StatusCallback = text(f.statusCallback);
    return {
      method: "POST",
      path: `/2010-04-01/Accounts/${seg(account, "Account SID")}/Messages.json`,
      body: { form },
    };
  },
  output: (body) => {
    const m = body as Message;
    return {
      sid: m.sid,
      status: m.status,
      to: m.to,
      from: m.from ?? null,
      messagingServiceSid: m.messaging_service_sid ?? null,
      segments: m.num_segments === undefined ? undefined : Number(m.num_segments),
      dateCreated: m.date_created,
    };
  },
  summary: (f) => (f.to ? `SMS to ${f.to}` : "Send an SMS"),
});

export const twilio = defineApp({
  id: "twilio",
  name: "Twilio",
  logo: "/apps/twilio.svg",
  description: "SMS.",
  baseUrl: "https://api.twilio.com",
  auth: {
    kind: "basic",
    usernameLabel: "Account SID (or API key SID)",
    passwordLabel: "Auth token (or API key secret)",
  },
  operations: [sendSms],
  // { code, message, more_info, status }: the message names the problem ("The 'To' number … is not valid").
  errorMessage: (body) => {
    const e = body as { code?: number; message?: string } | null;
    return e?.message ? (e.code ? `${e.message} (error ${e.code})` : e.message) : undefined;
  },
});
