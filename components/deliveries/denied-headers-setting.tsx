"use client";

// Owners: headers the request log keeps out (stored as "[redacted]"), on top of the fixed list.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { SaveButton } from "@/components/ui/save-button";
import { inputStyles } from "@/components/ui/styles";
import { deliveryQueries, setDeniedHeaders } from "@/lib/queries/deliveries";

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
          Headers kept out of the request log, comma-separated: their values show as [redacted] (Cookie, Authorization,
          Proxy-Authorization and every signature header always are). A header you add is also removed from requests
          already stored, in the background
          <input
            value={value}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="x-api-key, x-internal-token"
            className={`${inputStyles} font-mono`}
          />
        </label>
        <div className="flex items-center gap-2">
          <SaveButton unchanged={draft === null} pending={save.isPending} error={save.error} />
        </div>
      </form>
    </section>
  );
}
