"use client";

// Owners: headers the request log keeps out (stored as "[redacted]"), on top of the fixed list.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import { deliveryQueries, setDeniedHeaders } from "@/lib/queries/deliveries";

const FIXED = "cookie, authorization, proxy-authorization and every signature header";

export function DeniedHeadersSetting() {
  const qc = useQueryClient();
  const current = useQuery(deliveryQueries.deniedHeaders());
  const [draft, setDraft] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (text: string) => setDeniedHeaders(text.split(/[\s,]+/).filter(Boolean)),
    onSuccess: (data) => {
      qc.setQueryData(deliveryQueries.deniedHeaders().queryKey, data);
      setDraft(null);
    },
  });
  const value = draft ?? (current.data?.deniedHeaders ?? []).join(", ");
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-5" aria-label="Request log">
      <h2 className="text-base font-semibold">Request log</h2>
      <form
        className="flex flex-col gap-2 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(value);
        }}
      >
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Headers never stored with a request (comma-separated; {FIXED} are never stored anyway)
          <input value={value} onChange={(e) => setDraft(e.target.value)} placeholder="x-api-key, x-internal-token" className={`${inputStyles} font-mono`} />
        </label>
        <div className="flex items-center gap-2">
          <button type="submit" className={buttonStyles.secondary} disabled={draft === null || save.isPending}>
            Save
          </button>
          {save.isError && (
            <span role="alert" className="text-xs text-red-700">
              {save.error.message}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
