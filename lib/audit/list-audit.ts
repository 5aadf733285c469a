// The audit log of a workspace, newest first, a page at a time (ids are time-sortable).
import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";

export const auditQuery = z.object({
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  action: z.string().max(64).optional(),
});

export type AuditEventView = {
  id: string;
  createdAt: string;
  actorType: string;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown> | null;
};

export async function listAudit(workspaceId: string, q: z.output<typeof auditQuery>) {
  const db = await getDb();
  const rows = await db.auditEvent.findMany({
    where: { workspaceId, ...(q.action ? { action: q.action } : {}), ...(q.cursor ? { id: { lt: q.cursor } } : {}) },
    orderBy: { id: "desc" },
    take: q.limit + 1,
  });
  const items: AuditEventView[] = rows.slice(0, q.limit).map((r) => ({
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    actorType: r.actorType,
    actorLabel: r.actorLabel,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
  }));
  return { items, nextCursor: rows.length > q.limit ? (items[items.length - 1]?.id ?? null) : null };
}
