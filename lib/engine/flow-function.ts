// The Inngest function that runs flows: one event per Run, one step per node. Errors from node
// executors are translated into the SDK's retry signals here, so lib/engine stays SDK-agnostic.
import "server-only";
import { NonRetriableError, RetryAfterError, type Inngest } from "inngest";
import { z } from "zod";
import { RUN_REQUESTED } from "./events";
import { runFlow } from "./run-flow";
import { PermanentError, RetryLaterError } from "./step-error";

const dataSchema = z.object({ runId: z.string().min(1) });

function toSdkError(e: unknown): unknown {
  if (e instanceof PermanentError) return new NonRetriableError(e.message, { cause: e });
  if (e instanceof RetryLaterError) return new RetryAfterError(e.message, e.retryAfterMs, { cause: e });
  return e;
}

export function createFlowFunction(inngest: Inngest) {
  return inngest.createFunction(
    { id: "run-flow", name: "Run a flow", retries: 4, triggers: [{ event: RUN_REQUESTED }] },
    async ({ event, step, attempt }) => {
      const { runId } = dataSchema.parse(event.data);
      const guarded = async <T>(fn: () => Promise<T>) => {
        try {
          return await fn();
        } catch (e) {
          throw toSdkError(e);
        }
      };
      return guarded(() => runFlow({ runId, attempt, step: { run: (id, fn) => step.run(id, () => guarded(fn)) as never } }));
    },
  );
}
