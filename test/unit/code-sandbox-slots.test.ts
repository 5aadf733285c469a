// The code sandbox runs at most MAX_SANDBOX_THREADS threads at once in a process: a burst of code
// steps waits its turn instead of starting a thread (an isolate and its memory) each.
import type { Worker } from "node:worker_threads";
import { expect, test, vi } from "vitest";

const threads = vi.hoisted(() => ({ live: 0, most: 0, started: 0 }));
vi.mock("@/lib/app-worker", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/app-worker")>();
  return {
    startAppWorker: (file: string, data: unknown): Worker => {
      const worker = real.startAppWorker(file, data);
      threads.started++;
      threads.most = Math.max(threads.most, ++threads.live);
      worker.once("exit", () => threads.live--);
      return worker;
    },
  };
});

const { MAX_SANDBOX_THREADS, runCode, DEFAULT_SANDBOX_LIMITS } = await import("@/lib/sandbox/run-code");

test(
  "a burst of evaluations never holds more than MAX_SANDBOX_THREADS threads, and each one answers",
  { timeout: 120_000 },
  async () => {
    const burst = MAX_SANDBOX_THREADS * 2 + 1;
    const results = await Promise.all(
      Array.from({ length: burst }, (_, i) =>
        runCode(`return ${i} * 2`, { trigger: {}, nodes: {} }, { ...DEFAULT_SANDBOX_LIMITS, timeoutMs: 10_000 }),
      ),
    );
    expect(results.map((r) => (r.ok ? r.value : r.error))).toEqual(Array.from({ length: burst }, (_, i) => i * 2));
    expect(threads.started).toBe(burst);
    expect(threads.most).toBeLessThanOrEqual(MAX_SANDBOX_THREADS);
    expect(threads.most).toBeGreaterThan(1); // they do run side by side
  },
);
