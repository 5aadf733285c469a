"use client";

// What can be done with a run: replay it (same delivery; the version it ran or the latest
// published), retry it from the failed step, dry-run it on the current draft, or cancel it while
// it is unfinished. Each action that makes a new run opens that run.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { RunSummary } from "@/lib/api/dto";
import { buttonStyles } from "@/components/ui/styles";
import { isActiveStatus, runActions, runQueries } from "@/lib/queries/runs";

type Action = "replay-same" | "replay-latest" | "retry" | "dry-run" | "cancel";

export function RunActions({ run }: { run: RunSummary }) {
  const router = useRouter();
  const qc = useQueryClient();
  const act = useMutation({
    mutationFn: async (a: Action): Promise<{ runId: string; opens: boolean }> => {
      switch (a) {
        case "replay-same":
          return { ...(await runActions.replay(run.id, "same")), opens: true };
        case "replay-latest":
          return { ...(await runActions.replay(run.id, "latest")), opens: true };
        case "retry":
          return { ...(await runActions.retry(run.id)), opens: true };
        case "dry-run":
          return { ...(await runActions.dryRun(run.id)), opens: true };
        case "cancel":
          return { ...(await runActions.cancel(run.id)), opens: false };
      }
    },
    onSuccess: (res) => {
      void qc.invalidateQueries({ queryKey: runQueries.all });
      if (res.opens) router.push(`/runs/${res.runId}`);
    },
  });
  const active = isActiveStatus(run.status) || run.status === "held";
  const canRetry = run.status === "failed" || run.status === "cancelled";
  const noDelivery = !run.deliveryId;

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2" role="group" aria-label="Run actions">
        {canRetry && (
          <button
            type="button"
            className={buttonStyles.primary}
            disabled={act.isPending || noDelivery}
            onClick={() => act.mutate("retry")}
            title="Run again from the failed step; steps that succeeded keep their outputs and are not sent again"
          >
            Retry from failed step
          </button>
        )}
        <button
          type="button"
          className={buttonStyles.secondary}
          disabled={act.isPending || noDelivery}
          onClick={() => act.mutate("replay-same")}
          title="A new run with the same delivery, on the version this run used"
        >
          Replay
        </button>
        <button
          type="button"
          className={buttonStyles.secondary}
          disabled={act.isPending || noDelivery}
          onClick={() => act.mutate("replay-latest")}
          title="A new run with the same delivery, on the latest published version"
        >
          Replay on latest version
        </button>
        <button
          type="button"
          className={buttonStyles.secondary}
          disabled={act.isPending || noDelivery}
          onClick={() => act.mutate("dry-run")}
          title="The same delivery through the current draft; side-effecting steps only show what they would send"
        >
          Dry run on draft
        </button>
        {active && (
          <button
            type="button"
            className={buttonStyles.danger}
            disabled={act.isPending}
            onClick={() => act.mutate("cancel")}
          >
            Cancel run
          </button>
        )}
      </div>
      {act.isError && (
        <p role="alert" className="text-sm text-red-700">
          {act.error.message}
        </p>
      )}
    </div>
  );
}
