// Credential row -> the masked view the API answers with. The secret never leaves this function:
// only its last 4 characters, and only when it is long enough (>= 12) for that to give nothing away.
import "server-only";
import { log } from "@/lib/observability/log";
import { activePrevious, openDocument } from "./credential-document";
import { secretPart, type CredentialType, type CredentialView } from "./types";

type Row = {
  id: string;
  workspaceId: string;
  name: string;
  type: string;
  ciphertext: string;
  createdAt: Date;
  updatedAt: Date;
};

const MASK = "••••";

/** Which app, and whether an OAuth2 account finished connecting (a pending one has no tokens yet). */
function appOf(value: unknown) {
  const v = value as { app: string; auth: { status?: string } };
  return { id: v.app, connected: v.auth.status !== "pending" };
}

export function credentialView(row: Row, now = Date.now()): CredentialView {
  const base = {
    id: row.id,
    name: row.name,
    type: row.type as CredentialType,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
  let opened: ReturnType<typeof openDocument>;
  try {
    opened = openDocument(row);
  } catch (err) {
    // Listed anyway, so it can still be given a new value or deleted.
    // The message names what failed (the key, the format), never the stored value.
    log("credentials").error(
      { credentialId: row.id, reason: (err as Error).message },
      "a stored credential cannot be read; listed as unreadable",
    );
    return { ...base, hint: MASK, rotation: null, unreadable: true };
  }
  const secret = secretPart(opened.type, opened.doc.current);
  const previous = activePrevious(opened.doc, now);
  return {
    ...base,
    type: opened.type,
    hint: secret.length >= 12 ? `${MASK}${secret.slice(-4)}` : MASK,
    rotation: previous ? { previousValidUntil: previous.validUntil } : null,
    ...(opened.type === "app" ? { app: appOf(opened.doc.current) } : {}),
  };
}
