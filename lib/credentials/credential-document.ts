// What a credential row's ciphertext holds: the current value and, during a rotation, the previous
// one with the time it stops being accepted. Sealed with the row's workspace and id as context, so
// a ciphertext copied into another row does not open.
import "server-only";
import { z } from "zod";
import { open, seal } from "@/lib/crypto/secret-box";
import { credentialTypeSchema, parseValue, type CredentialType } from "./types";

export type CredentialDocument = { current: unknown; previous?: unknown; previousValidUntil?: string };
export type CredentialRow = { id: string; workspaceId: string; type: string; ciphertext: string };

const documentSchema = z.object({
  current: z.unknown(),
  previous: z.unknown().optional(),
  previousValidUntil: z.iso.datetime().optional(),
});

const context = (workspaceId: string, id: string) => `credential:${workspaceId}:${id}`;

export function sealDocument(workspaceId: string, id: string, doc: CredentialDocument): string {
  return seal(JSON.stringify(doc), context(workspaceId, id));
}

/** Decrypts and checks a row; throws when the key changed or the content does not fit its type. */
export function openDocument(row: CredentialRow): { type: CredentialType; doc: CredentialDocument } {
  const type = credentialTypeSchema.safeParse(row.type);
  if (!type.success) throw new Error(`Credential ${row.id} has an unknown type "${row.type}"`);
  const doc = documentSchema.safeParse(JSON.parse(open(row.ciphertext, context(row.workspaceId, row.id))));
  const current = doc.success ? parseValue(type.data, doc.data.current) : undefined;
  if (!doc.success || !current?.success)
    throw new Error(`Credential ${row.id} does not hold a valid ${row.type} value`);
  return { type: type.data, doc: { ...doc.data, current: current.data } };
}

/** The previous value while its window lasts, else undefined. */
export function activePrevious(
  doc: CredentialDocument,
  now: number,
): { value: unknown; validUntil: string } | undefined {
  if (doc.previous === undefined || !doc.previousValidUntil) return undefined;
  return Date.parse(doc.previousValidUntil) > now
    ? { value: doc.previous, validUntil: doc.previousValidUntil }
    : undefined;
}
