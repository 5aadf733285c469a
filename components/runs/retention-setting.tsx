"use client";

// The workspace's retention of runs and deliveries (days), editable in place.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { SaveButton } from "@/components/ui/save-button";
import { inputStyles } from "@/components/ui/styles";
import { runActions, runQueries } from "@/lib/queries/runs";

export function RetentionSetting() {
  const qc = useQueryClient();
  const current = useQuery(runQueries.retention());
  const [draft, setDraft] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (days: number) => runActions.setRetention(days),
    onSuccess: (data) => {
      qc.setQueryData(runQueries.retention().queryKey, data);
      setDraft(null);
    },
  });
  const value = draft ?? String(current.data?.retentionDays ?? "");
  return (
    <form
      className="flex items-end gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(Number(value));
      }}
    >
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Keep runs and requests for (days)
        <input
          type="number"
          min={1}
          max={3650}
          value={value}
          onChange={(e) => setDraft(e.target.value)}
          className={`${inputStyles} w-28`}
        />
      </label>
      <SaveButton unchanged={draft === null} pending={save.isPending} error={save.error} />
    </form>
  );
}
