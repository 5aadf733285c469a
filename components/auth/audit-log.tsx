"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { authQueries } from "@/lib/queries/auth";
import { linkStyles } from "@/components/ui/styles";

/** The workspace's audit log (owners): newest first. */
export function AuditLog() {
  const audit = useQuery(authQueries.audit());
  return (
    <div className="mx-auto max-w-5xl space-y-4 p-6">
      <div className="flex items-baseline justify-between">
        <h1 className="text-xl font-semibold">Audit log</h1>
        <Link href="/settings" className={linkStyles}>
          Back to settings
        </Link>
      </div>
      {audit.isError && (
        <p role="alert" className="text-sm text-red-700">
          {audit.error.message}
        </p>
      )}
      {audit.data && audit.data.items.length === 0 && <p className="text-sm text-slate-500">Nothing recorded yet.</p>}
      {audit.data && audit.data.items.length > 0 && (
        <table className="w-full text-left text-sm" data-testid="audit-table">
          <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase">
            <tr>
              <th className="py-2 pr-4">When</th>
              <th className="py-2 pr-4">Who</th>
              <th className="py-2 pr-4">What</th>
              <th className="py-2">Target</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.items.map((e) => (
              <tr key={e.id} className="border-b border-slate-100">
                <td className="py-2 pr-4 whitespace-nowrap text-slate-500">{new Date(e.createdAt).toLocaleString()}</td>
                <td className="py-2 pr-4">{e.actorLabel}</td>
                <td className="py-2 pr-4 font-mono text-xs">{e.action}</td>
                <td className="py-2 text-slate-600">
                  {e.targetType ? `${e.targetType} ` : ""}
                  {typeof e.details?.name === "string" ? e.details.name : (e.targetId ?? "")}
                  {e.details?.scope === "owner" && (
                    <span className="ml-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">
                      owner scope
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
