// Fake Twilio REST API 2010-04-01: POST /2010-04-01/Accounts/{AccountSid}/Messages.json with a
// form body (To, From or MessagingServiceSid, Body), HTTP basic auth (Account SID : auth token);
// 201 with the Message resource; errors as { code, message, more_info, status }.
import { expectOr, startFakeVendor, type FakeAnswer, type FakeRequest } from "./harness";

export const TWILIO_SID = "AC0123456789abcdef0123456789abcdef";
export const TWILIO_TOKEN = "twilio-auth-token-secret-0123456789";

const error = (status: number, code: number, message: string): FakeAnswer => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

const basic = (r: FakeRequest) => /^Basic (.+)$/.exec(r.headers.authorization ?? "")?.[1];
const authorized = (r: FakeRequest) => basic(r) === Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString("base64");

const E164 = /^\+[1-9]\d{1,14}$/;

export const startFakeTwilio = () =>
  startFakeVendor({
    authorized,
    unauthorized: {
      status: 401,
      body: {
        ...error(401, 20003, "Authenticate").body!,
        detail: "Your AccountSid or AuthToken was incorrect.",
      } as object,
    },
    routes: [
      {
        method: "POST",
        path: /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/,
        handle: (r, m) => {
          expectOr(m[1] === TWILIO_SID, error(404, 20404, `The requested resource ${r.path} was not found`));
          expectOr(
            /x-www-form-urlencoded/.test(r.headers["content-type"] ?? ""),
            error(400, 20001, "Invalid content type"),
          );
          const to = r.form.get("To") ?? "";
          expectOr(E164.test(to), error(400, 21211, `Invalid 'To' Phone Number: ${to.slice(0, 20)}`));
          const from = r.form.get("From");
          const service = r.form.get("MessagingServiceSid");
          expectOr(
            Boolean(from ?? service),
            error(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required"),
          );
          expectOr(Boolean(r.form.get("Body")), error(400, 21602, "Message body is required."));
          return {
            status: 201,
            body: {
              account_sid: TWILIO_SID,
              sid: "SM1f0e8ae6ade43cb3c0ce4525424e404f",
              status: "queued",
              to,
              from: from ?? null,
              messaging_service_sid: service ?? null,
              body: r.form.get("Body"),
              num_segments: "1",
              direction: "outbound-api",
              date_created: "Sun, 06 Dec 2026 05:00:00 +0000",
              uri: `/2010-04-01/Accounts/${TWILIO_SID}/Messages/SM1f0e8ae6ade43cb3c0ce4525424e404f.json`,
            },
          };
        },
      },
    ],
  });
