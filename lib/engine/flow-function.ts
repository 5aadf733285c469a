// The Inngest function that runs flows: one event per Run, one step per node. Errors from node
// executors are translated into the SDK's retry signals here, so lib/engine stays SDK-agnostic.
//   retries      the most any node may ask for; each node stops retrying at its own count
//                (settings.retries) by failing non-retriably (run-flow.ts)
//   concurrency  per ordering key and per concurrency slot one run at a time (lib/runs/dispatcher.ts
//                puts the keys into the event)
//   cancelOn     hookline/run.cancel with the same runId ends the function run (lib/engine/control.ts)
//   onFailure    the flow's failure alert (failure-alert.ts)
import "server-only";
import { NonRetriableError, RetryAfterError, type Inngest } from "inngest";
import { z } from "zod";
import { MAX_NODE_RETRIES } from "@/lib/nodes/settings";
import { RUN_CANCEL, RUN_REQUESTED } from "./events";
import { onRunFailed } from "./failure-alert";
import { runFlow } from "./run-flow";
import { createScheduleFunction } from "./schedule-function";
import { PermanentError, RetryLaterError } from "./step-error";

const dataSchema = z.object({ runId: z.string().min(1) });

function toSdkError(e: unknown): unknown {
  if (e instanceof PermanentError) return new NonRetriableError(e.message, { cause: e });
  if (e instanceof RetryLaterError) return new RetryAfterError(e.message, e.retryAfterMs, { cause: e });
  return e;
}

const guarded = async <T>(fn: () => Promise<T>) => {
  try {
    return await fn();
  } catch (e) {
    throw toSdkError(e);
  }
};

export const FLOW_FUNCTION_ID = "run-flow";

export function createFlowFunction(inngest: Inngest) {
  return inngest.createFunction(
    {
      id: FLOW_FUNCTION_ID,
      name: "Run a flow",
      retries: MAX_NODE_RETRIES,
      triggers: [{ event: RUN_REQUESTED }],
      concurrency: [
        { key: "event.data.orderingKey", limit: 1 },
        { key: "event.data.concurrencyKey", limit: 1 },
      ],
      cancelOn: [{ event: RUN_CANCEL, if: "async.data.runId == event.data.runId" }],
      onFailure: async ({ event, error, step }) => {
        const runId = dataSchema.safeParse(event.data.event.data).data?.runId;
        if (!runId) return { alert: "skipped" };
        return guarded(() =>
          onRunFailed({ runId, error, step: { run: (id, fn) => step.run(id, () => guarded(fn)) as never } }),
        );
      },
    },
    async ({ event, step, attempt }) => {
      const { runId } = dataSchema.parse(event.data);
      return guarded(() =>
        runFlow({
          runId,
          attempt,
          step: {
            run: (id, fn) => step.run(id, () => guarded(fn)) as never,
            sleep: (id, ms) => step.sleep(id, ms),
            sleepUntil: (id, at) => step.sleepUntil(id, at),
          },
        }),
      );
    },
  );
}

/** Every function the app serves: the flow runner and the schedule tick. */
export const appFunctions = (inngest: Inngest) => [createFlowFunction(inngest), createScheduleFunction(inngest)];
