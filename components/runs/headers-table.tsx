// Request headers as a two-column table, names sorted so the same header is easy to find again.
import { CopyButton } from "@/components/ui/copy-button";

export function HeadersTable({ headers }: { headers: Record<string, string> }) {
  const rows = Object.entries(headers).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-700">Headers</h3>
        <CopyButton text={JSON.stringify(headers, null, 2)} label="Copy headers" />
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">No headers.</p>
      ) : (
        <div className="max-h-72 overflow-auto rounded-md border border-slate-200">
          <table className="w-full text-left font-mono text-xs">
            <thead className="sticky top-0 bg-slate-50 font-sans font-semibold text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-1.5">
                  Name
                </th>
                <th scope="col" className="px-3 py-1.5">
                  Value
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map(([name, value]) => (
                <tr key={name}>
                  <td className="px-3 py-1.5 align-top whitespace-nowrap text-slate-700">{name}</td>
                  <td className="px-3 py-1.5 break-all text-slate-900">{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
