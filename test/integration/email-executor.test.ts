// The e-mail node against a real SMTP server started by the test (smtp-server), checking the
// message it receives (parsed with mailparser), and the failure paths with their retry
// classification: bad login (permanent), refused connection and silent server (retried), 550
// (permanent) and 451 (retried) recipients. The SMTP login is a credential of a workspace on
// SQLite / PostgreSQL, read at send time.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredential } from "@/lib/credentials/create-credential";
import { getDb } from "@/lib/db";
import { emailExecutor, messageIdFor, type EmailInput } from "@/lib/engine/executors/email";
import type { Scope } from "@/lib/engine/scope";
import { PermanentError } from "@/lib/engine/step-error";
import { newId } from "@/lib/ids";
import { emailMessage } from "@/lib/nodes/kinds/email";
import { freePort } from "../support/ports";
import { startSmtpTarget } from "../support/smtp-target";

const PASSWORD = "smtp-pass-123";
let smtp: Awaited<ReturnType<typeof startSmtpTarget>>;
let silent: net.Server;
let silentPort: number;
const sockets = new Set<net.Socket>();
let workspaceId: string;
const creds: Record<string, string> = {};
let ctx: { runId: string; nodeId: string; attempt: number; idempotencyKey: string; workspaceId: string };

const scope: Scope = {
  trigger: {
    method: "POST",
    headers: {},
    query: {},
    body: {
      order: { id: "ord_42", total: 99.5 },
      customer: { name: "Ada Lovelace", email: "ada@example.com", note: "<script>alert(1)</script> & co" },
    },
    receivedAt: "2026-11-22T13:14:06.000Z",
  },
  nodes: {},
};

beforeAll(async () => {
  smtp = await startSmtpTarget({ username: "shop", password: PASSWORD });
  // Accepts connections and never says hello: a mail server that hangs.
  silent = net.createServer((s) => sockets.add(s));
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
  silentPort = (silent.address() as net.AddressInfo).port;
  const db = await getDb();
  workspaceId = (await db.workspace.create({ data: { id: newId("ws"), name: "email" } })).id;
  ctx = { runId: "run_mail", nodeId: "email_1", attempt: 0, idempotencyKey: "run_mail:email_1", workspaceId };
  // The test server has no TLS: these credentials allow an unencrypted connection ("no-tls" does not).
  const server = (host: string, port: number, password = PASSWORD, allowUnencrypted = true) => ({
    host,
    port,
    secure: false,
    username: "shop",
    password,
    from: "Shop <orders@shop.example>",
    allowUnencrypted,
  });
  const add = async (key: string, value: ReturnType<typeof server>) => {
    creds[key] = (await createCredential(workspaceId, { name: key, type: "smtp", value })).id;
  };
  await add("ok", server("127.0.0.1", smtp.port));
  await add("bad-login", server("127.0.0.1", smtp.port, "wrong-password"));
  await add("refused", server("127.0.0.1", await freePort()));
  await add("silent", server("127.0.0.1", silentPort));
  await add("private", server("10.9.8.7", 25));
  await add("no-tls", server("127.0.0.1", smtp.port, PASSWORD, false));
  creds.bearer = (await createCredential(workspaceId, { name: "token", type: "bearer-token", value: "tok_123" })).id;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => silent?.close(() => r()));
  await smtp?.close();
});

const resolve = (c: Record<string, unknown>, key = "ok") =>
  emailExecutor.resolve(
    emailMessage.config.parse({
      credentialId: creds[key],
      to: "{{ trigger.body.customer.email }}",
      subject: "Order {{ trigger.body.order.id }}",
      text: "Thanks!",
      ...c,
    }),
    scope,
  ).input;

async function failure(run: Promise<unknown>): Promise<Error> {
  const outcome = await run.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  const error = outcome.error as Error;
  expect(error.message).not.toContain(PASSWORD);
  return error;
}
const withCred = (input: EmailInput, key: string): EmailInput => ({ ...input, credentialId: creds[key]! });

describe("the message the SMTP server receives", () => {
  it("has the templated recipients, subject, text and HTML, and the step's Message-ID", async () => {
    const input = resolve({
      to: '"{{ trigger.body.customer.name }}" <{{ trigger.body.customer.email }}>',
      cc: "ops@shop.example, sales@shop.example",
      bcc: "audit@shop.example",
      replyTo: "help@shop.example",
      subject: "Order {{ trigger.body.order.id }}: {{ trigger.body.order.total }} EUR",
      text: "Hello {{ trigger.body.customer.name }}, total {{ trigger.body.order.total }}.",
      html: "<p>Hello <b>{{ trigger.body.customer.name }}</b></p><p>{{ trigger.body.customer.note }}</p>",
    });
    expect(JSON.stringify(input)).not.toContain(PASSWORD);
    const before = smtp.received.length;
    const out = await emailExecutor.run(input, ctx);
    expect(smtp.received.length).toBe(before + 1);
    const mail = smtp.received.at(-1)!;
    expect(mail.envelope).toEqual({
      from: "orders@shop.example",
      to: ["ada@example.com", "ops@shop.example", "sales@shop.example", "audit@shop.example"],
    });
    expect(mail.parsed.from?.text).toBe('"Shop" <orders@shop.example>');
    expect(mail.parsed.to).toMatchObject({ value: [{ name: "Ada Lovelace", address: "ada@example.com" }] });
    expect(mail.parsed.cc).toMatchObject({
      value: [{ address: "ops@shop.example" }, { address: "sales@shop.example" }],
    });
    expect(mail.parsed.bcc).toBeUndefined();
    expect(mail.raw).not.toMatch(/^bcc:/im);
    expect(mail.parsed.replyTo?.value[0]?.address).toBe("help@shop.example");
    expect(mail.parsed.subject).toBe("Order ord_42: 99.5 EUR");
    expect(mail.parsed.text?.trim()).toBe("Hello Ada Lovelace, total 99.5.");
    // Payload values are escaped in the HTML: no markup from the payload.
    expect(mail.parsed.html).toBe(
      "<p>Hello <b>Ada Lovelace</b></p><p>&#60;script&#62;alert(1)&#60;/script&#62; &#38; co</p>",
    );
    expect(mail.parsed.messageId).toBe("<run_mail.email_1@shop.example>");
    expect(out).toMatchObject({
      messageId: "<run_mail.email_1@shop.example>",
      accepted: ["ada@example.com", "ops@shop.example", "sales@shop.example", "audit@shop.example"],
      rejected: [],
    });
  });

  it("uses the node's From when given, and the same Message-ID on every attempt of the step", async () => {
    await emailExecutor.run(resolve({ from: "Alerts <alerts@shop.example>" }), { ...ctx, attempt: 2 });
    const mail = smtp.received.at(-1)!;
    expect(mail.parsed.from?.value[0]).toMatchObject({ name: "Alerts", address: "alerts@shop.example" });
    expect(mail.parsed.messageId).toBe(messageIdFor("run_mail:email_1", "alerts@shop.example"));
  });

  it("reports recipients the server refused while delivering to the others", async () => {
    const out = await emailExecutor.run(resolve({ to: "bounce@shop.example, ada@example.com" }), ctx);
    expect(out).toMatchObject({ accepted: ["ada@example.com"], rejected: ["bounce@shop.example"] });
    expect(smtp.received.at(-1)!.envelope.to).toEqual(["ada@example.com"]);
  });
});

describe("failures", () => {
  it("a wrong password is permanent (535)", async () => {
    const error = await failure(emailExecutor.run(withCred(resolve({}), "bad-login"), ctx));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain("EAUTH");
  });

  it("a refused connection is retried", async () => {
    const error = await failure(emailExecutor.run(withCred(resolve({}), "refused"), ctx));
    expect(error).not.toBeInstanceOf(PermanentError);
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("a server that never answers times out and is retried", async () => {
    const started = Date.now();
    const error = await failure(emailExecutor.run({ ...withCred(resolve({}), "silent"), timeoutMs: 1_000 }, ctx));
    expect(error).not.toBeInstanceOf(PermanentError);
    expect(error.message).toContain("ETIMEDOUT");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("every recipient refused with 550 is permanent; with 451 it is retried", async () => {
    expect(await failure(emailExecutor.run(resolve({ to: "bounce@shop.example" }), ctx))).toBeInstanceOf(
      PermanentError,
    );
    const later = await failure(emailExecutor.run(resolve({ to: "later@shop.example" }), ctx));
    expect(later).not.toBeInstanceOf(PermanentError);
    expect(later.message).toContain("451");
  });

  it("a recipient that is not an address fails when the step is prepared", () => {
    expect(() => resolve({ to: "{{ trigger.body.customer.name }}" })).toThrow(PermanentError);
  });

  // The old pattern backtracked quadratically: this address took about a second to refuse, in a
  // synchronous call the step timeout cannot interrupt. Now a length cap refuses it first: the
  // list's (10,000 characters, the config field's own limit) and the address's (RFC 5321: 254, 64
  // before the @). From the payload, since the config's fields are capped themselves.
  it("a 32,000-character adversarial address is refused by a length cap, with a short error", () => {
    const body = {
      evil32k: `a@${".".repeat(32_000)}@`,
      evil9k: `a@${".".repeat(9_000)}@`,
      longLocal: `${"x".repeat(65)}@shop.example`,
      many: "a,".repeat(6_000),
    };
    const payload = { ...scope, trigger: { ...scope.trigger, body } };
    const refusal = (c: Record<string, unknown>) => {
      try {
        emailExecutor.resolve(
          emailMessage.config.parse({ credentialId: "c", subject: "s", text: "t", to: "a@b.io", ...c }),
          payload,
        );
      } catch (e) {
        expect(e).toBeInstanceOf(PermanentError);
        expect((e as Error).message.length).toBeLessThan(200);
        return (e as Error).message;
      }
      throw new Error("accepted");
    };
    expect(refusal({ to: "{{ trigger.body.evil32k }}" })).toBe(
      "To: the list is longer than 10,000 characters once filled in",
    );
    expect(refusal({ cc: "{{ trigger.body.many }}" })).toBe(
      "Cc: the list is longer than 10,000 characters once filled in",
    );
    expect(refusal({ bcc: "{{ trigger.body.evil9k }}" })).toMatch(/^Bcc: "a@\.{58}…" is longer than 254 characters/);
    expect(refusal({ to: "{{ trigger.body.longLocal }}" })).toContain("more than 64 characters before the @");
  });

  const local64 = "l".repeat(64);
  const at254 = `${local64}@${"d".repeat(63)}.${"e".repeat(63)}.${"f".repeat(58)}.io`;
  it.each([
    "ada@example.com",
    "Ada Lovelace <ada@example.com>",
    "o'brien+orders@mail.shop.example.co.uk",
    "x@y.io",
    `${local64}@shop.example`,
    at254,
    "üñï@例え.jp",
  ])("accepts the address %s", (to) => {
    expect(resolve({ to }).to).toHaveLength(1);
  });

  it.each([
    "ada",
    "ada@",
    "@example.com",
    "ada@example",
    "ada@.example.com",
    "ada@example.com.",
    "ada@exa..mple.com",
    "ada@@example.com",
    "a@b@example.com",
    `${at254}x`,
  ])("refuses %s", (to) => {
    expect(() => resolve({ to })).toThrow(PermanentError);
  });

  it("an SMTP host on a private address is refused by the SSRF guard, before connecting", async () => {
    const error = await failure(emailExecutor.run(withCred(resolve({}), "private"), ctx));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain("10.9.8.7");
  });

  // A network that strips STARTTLS from the greeting looks just like this server: without the
  // requirement, nodemailer sent the login in clear (AUTH PLAIN: the password in base64).
  it("a login is never sent over an unencrypted connection unless the credential allows it", async () => {
    const logins = smtp.logins.length;
    const sent = smtp.received.length;
    const error = await failure(emailExecutor.run(withCred(resolve({}), "no-tls"), ctx));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain(`The SMTP server 127.0.0.1:${smtp.port} did not set up an encrypted connection`);
    expect(error.message).toContain(`allow an unencrypted connection on credential ${creds["no-tls"]}`);
    expect(smtp.logins.length).toBe(logins);
    expect(smtp.received.length).toBe(sent);
    // The same server, with the credential's opt-out: the login goes and the message is sent.
    await emailExecutor.run(resolve({}), ctx);
    expect(smtp.logins.slice(logins)).toEqual(["shop"]);
    expect(smtp.received.length).toBe(sent + 1);
  });

  it("a credential that is not an SMTP login is refused", async () => {
    const error = await failure(emailExecutor.run(withCred(resolve({}), "bearer"), ctx));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain("not a smtp");
  });

  it("the config needs a recipient, a subject and a body", () => {
    const parsed = emailMessage.config.safeParse({ credentialId: "c" });
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["to", "subject"]));
    expect(
      emailMessage.config.safeParse({ credentialId: "c", to: "a@b.co", subject: "s" }).error?.issues[0],
    ).toMatchObject({ path: ["text"] });
  });
});
