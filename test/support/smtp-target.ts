// A real SMTP server (the `smtp-server` package) standing in for a mail provider: it checks the
// login, records every message it accepts (parsed with `mailparser`) and can refuse recipients
// the way providers do (550 permanent, 451 temporary). Plain SMTP with AUTH on 127.0.0.1.
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { envelope: { from: string; to: string[] }; raw: string; parsed: ParsedMail };

export async function startSmtpTarget(login = { username: "shop", password: "smtp-pass-123" }) {
  const received: ReceivedMail[] = [];
  // Every AUTH the server was sent (a login that reached it, password and all).
  const logins: string[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? "");
      if (auth.username === login.username && auth.password === login.password)
        return callback(null, { user: auth.username });
      callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith("bounce@"))
        return callback(Object.assign(new Error("No such user here"), { responseCode: 550 }));
      if (address.address.startsWith("later@"))
        return callback(Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw).then(
          (parsed) => {
            received.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              raw,
              parsed,
            });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, logins, close: () => new Promise<void>((r) => server.close(() => r())) };
}
