// E-mail node: resolves the templates (values put into the HTML body are HTML-escaped), reads the
// SMTP credential at send time, checks the SMTP host with the SSRF guard and connects to the
// address it checked, and sends with nodemailer. The Message-ID is derived from the step's
// idempotency key, so a message sent twice (a retry after a lost answer) is one message to
// threading mail clients; the step memo makes sure a completed send is never repeated.
// With a login, the connection must be encrypted unless the credential allows otherwise.
// Failures: bad login, no encryption and permanent SMTP replies (5xx) fail the step; refused
// connections, timeouts and temporary replies (4xx) are retried.
import "server-only";
import nodemailer from "nodemailer";
import addressparser from "nodemailer/lib/addressparser/index.js";
import { lookup, parsePath, resolveString } from "@/lib/flows/template";
import type { CredentialValueOf } from "@/lib/credentials/types";
import type { EmailConfig } from "@/lib/nodes/kinds/email";
import { BlockedDestinationError, defaultPolicy, resolveChecked, type OutboundPolicy } from "@/lib/net/outbound-policy";
import { PermanentError } from "../step-error";
import { engineSignal, stepCredential } from "./http-credential";
import type { ExecContext, NodeExecutor } from "./types";

/** The recorded input: the message as it will be sent and the credential's id (no password). Addresses are parsed and checked. */
export type EmailInput = {
  credentialId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string;
  subject: string;
  text: string;
  html: string;
  timeoutMs: number;
};

export type EmailOutput = { messageId: string; accepted: string[]; rejected: string[]; response: string };

const REF = /\{\{([^{}]*)\}\}/g;
const toText = (v: unknown) =>
  v === undefined || v === null
    ? ""
    : typeof v === "string"
      ? v
      : typeof v === "object"
        ? JSON.stringify(v)
        : String(v);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Addresses come from payloads, and resolving runs synchronously, out of the step timeout's reach:
// every check here must take time linear in its input. RFC 5321 caps an address at 254 characters
// and its local part at 64; the pattern has no two ways to match a character (labels are split by
// dots the classes exclude), so it cannot backtrack. addressparser itself slows down on very long
// lists (a million commas takes minutes), hence the cap on the list, the config field's own limit.
const MAX_LIST = 10_000;
const MAX_ADDRESS = 254;
const MAX_LOCAL_PART = 64;
const ADDRESS = /^[^\s@<>]+@(?:[^\s@<>.]+\.)+[^\s@<>.]+$/;
const shorten = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

function checkAddress(address: string, name: string, field: string): void {
  const shown = `${field}: "${shorten(address || name)}"`;
  if (address.length > MAX_ADDRESS)
    throw new PermanentError(`${shown} is longer than ${MAX_ADDRESS} characters, the most an e-mail address can have`);
  if (address.indexOf("@") > MAX_LOCAL_PART)
    throw new PermanentError(`${shown} has more than ${MAX_LOCAL_PART} characters before the @`);
  if (!ADDRESS.test(address)) throw new PermanentError(`${shown} is not an e-mail address`);
}

/** "Ada <a@x.com>, b@y.org" → ["Ada <a@x.com>", "b@y.org"]; refuses anything that is not an address. */
function addresses(list: string, field: string): string[] {
  if (list.trim() === "") return [];
  if (list.length > MAX_LIST)
    throw new PermanentError(
      `${field}: the list is longer than ${MAX_LIST.toLocaleString("en")} characters once filled in`,
    );
  const flat = (entries: ReturnType<typeof addressparser>): Array<{ name: string; address: string }> =>
    entries.flatMap((e) =>
      "group" in e && e.group ? flat(e.group) : [{ name: e.name, address: (e as { address?: string }).address ?? "" }],
    );
  return flat(addressparser(list.replace(/[\r\n]+/g, " "))).map(({ name, address }) => {
    checkAddress(address, name, field);
    return name ? `"${name.replace(/["\\]/g, "")}" <${address}>` : address;
  });
}

function domainOf(from: string): string {
  const address = addressparser(from)[0] as { address?: string } | undefined;
  return /@([A-Za-z0-9.-]+)$/.exec(address?.address ?? "")?.[1] ?? "hookline.invalid";
}

/** `<run_x.node_y@shop.example>`: one per step, the same on every attempt. */
export const messageIdFor = (idempotencyKey: string, from: string) =>
  `<${idempotencyKey.replace(/[^A-Za-z0-9._-]/g, ".")}@${domainOf(from)}>`;

function classify(e: unknown): Error {
  const err = e as Error & { code?: string; responseCode?: number; response?: string };
  if (err instanceof PermanentError || err instanceof BlockedDestinationError)
    return err instanceof PermanentError ? err : new PermanentError(err.message);
  const reply = err.response ? `: ${err.response.slice(0, 300)}` : "";
  const message = `Sending the e-mail failed (${err.code ?? "error"}${err.responseCode ? ` ${err.responseCode}` : ""})${reply || `: ${err.message}`}`;
  const temporary = err.responseCode !== undefined && err.responseCode >= 400 && err.responseCode < 500;
  if (err.code === "EAUTH" && !temporary) return new PermanentError(message);
  if (err.responseCode !== undefined && err.responseCode >= 500) return new PermanentError(message);
  if (err.code === "EENVELOPE" && !temporary) return new PermanentError(message);
  return new Error(message);
}

/** A login never goes over an unencrypted connection unless the credential says so (a local relay). */
const requiresTls = (smtp: CredentialValueOf<"smtp">) =>
  Boolean(smtp.username) && !smtp.secure && smtp.allowUnencrypted !== true;

/** Sends a resolved message; exported with a policy parameter for the SSRF tests. */
export async function sendEmail(
  input: EmailInput,
  ctx: ExecContext,
  policy: OutboundPolicy = defaultPolicy(),
): Promise<EmailOutput> {
  const smtp = await stepCredential(ctx, input.credentialId, "smtp");
  const from = input.from || smtp.from;
  if (input.to.length === 0) throw new PermanentError("To: no recipient once the references are filled in");
  addresses(from, "From");

  let transport: ReturnType<typeof nodemailer.createTransport> | undefined;
  const signal = engineSignal(ctx);
  const abort = () => transport?.close();
  try {
    const [address] = await resolveChecked(smtp.host, smtp.port, policy);
    transport = nodemailer.createTransport({
      // The checked address, so the connection goes where the guard looked; TLS still checks
      // the certificate against the host name.
      host: address!.address,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.username ? { user: smtp.username, pass: smtp.password } : undefined,
      // STARTTLS even when the greeting does not offer it (an attacker on the path can remove the
      // offer), failing before the login is sent.
      requireTLS: requiresTls(smtp),
      tls: { servername: smtp.host },
      connectionTimeout: input.timeoutMs,
      greetingTimeout: input.timeoutMs,
      socketTimeout: input.timeoutMs,
      logger: false,
      debug: false,
    });
    signal?.addEventListener("abort", abort, { once: true });
    const messageId = messageIdFor(ctx.idempotencyKey, from);
    const info = await transport.sendMail({
      messageId,
      from,
      to: input.to,
      cc: input.cc,
      bcc: input.bcc,
      ...(input.replyTo ? { replyTo: input.replyTo } : {}),
      subject: input.subject.replace(/[\r\n]+/g, " "),
      ...(input.text ? { text: input.text } : {}),
      ...(input.html ? { html: input.html } : {}),
    });
    const list = (v: unknown) =>
      Array.isArray(v) ? v.map((a) => (typeof a === "string" ? a : (a as { address: string }).address)) : [];
    return {
      messageId: info.messageId ?? messageId,
      accepted: list(info.accepted),
      rejected: list(info.rejected),
      response: String(info.response ?? ""),
    };
  } catch (e) {
    if ((e as { code?: string }).code === "ETLS" && requiresTls(smtp)) {
      throw new PermanentError(
        `The SMTP server ${smtp.host}:${smtp.port} did not set up an encrypted connection (${(e as Error).message}), so the login was not sent. ` +
          `Use a server that offers TLS or STARTTLS, or, for a local relay you trust, allow an unencrypted connection on credential ${input.credentialId}`,
      );
    }
    throw classify(e);
  } finally {
    signal?.removeEventListener("abort", abort);
    transport?.close();
  }
}

export const emailExecutor: NodeExecutor<EmailConfig, EmailInput> = {
  resolve(config, scope) {
    const missing: string[] = [];
    const text = (t: string) => {
      const r = resolveString(t, scope);
      missing.push(...r.missing);
      return toText(r.value);
    };
    // Values inserted into HTML are escaped: payload data cannot add markup or links.
    const html = (t: string) =>
      t.replace(REF, (_, expr: string) => {
        const found = lookup(scope, parsePath(expr.trim()));
        if (!found.found) missing.push(expr.trim());
        return escapeHtml(toText(found.found ? found.value : undefined));
      });
    const list = (t: string, field: string) => addresses(text(t), field);
    return {
      input: {
        credentialId: config.credentialId,
        from: text(config.from),
        to: list(config.to, "To"),
        cc: list(config.cc, "Cc"),
        bcc: list(config.bcc, "Bcc"),
        replyTo: list(config.replyTo, "Reply-To").join(", "),
        subject: text(config.subject),
        text: text(config.text),
        html: html(config.html),
        timeoutMs: config.timeoutMs,
      },
      missing,
    };
  },
  run: (input, ctx) => sendEmail(input, ctx),
};
