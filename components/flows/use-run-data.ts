"use client";

// What the editor knows about data at run time: the captured sample (test URL), the newest run's
// steps, and the results of "Test this step". It feeds the run badges on the nodes, the mapping
// picker and the reference check.
import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import type { NodeRunStatus } from "@/components/canvas/editor-context";
import type { TestStepResult } from "@/lib/flows/test-step-types";
import { deliveryQueries } from "@/lib/queries/deliveries";
import { latestRunQuery } from "@/lib/queries/flows";

export function useRunData(flowId: string) {
  const sample = useQuery(deliveryQueries.sample(flowId));
  const run = useQuery(latestRunQuery(flowId));
  const [tests, setTests] = useState<ReadonlyMap<string, TestStepResult>>(new Map());

  const onTestResult = useCallback(
    (nodeId: string, r: TestStepResult) => setTests((m) => new Map(m).set(nodeId, r)),
    [],
  );

  const runByNode = useMemo(() => {
    const m = new Map<string, NodeRunStatus>();
    // Steps come per attempt; the last attempt of a node is its status.
    for (const s of run.data?.steps ?? []) {
      if (s.nodeId.includes("#")) continue;
      m.set(s.nodeId, { status: s.status, durationMs: s.durationMs, error: s.error?.message });
    }
    for (const [id, t] of tests)
      if (t.ran) m.set(id, { status: t.status, durationMs: t.durationMs, error: t.error?.message });
    return m;
  }, [run.data, tests]);

  const outputs = useMemo(() => {
    const o: Record<string, unknown> = {};
    for (const s of run.data?.steps ?? [])
      if (s.status === "succeeded" && !s.nodeId.includes("#")) o[s.nodeId] = s.output;
    for (const [id, t] of tests) if (t.ran && t.status === "succeeded") o[id] = t.output;
    return o;
  }, [run.data, tests]);

  const trigger = sample.data?.sample?.trigger;
  return {
    trigger,
    outputs,
    runByNode,
    onTestResult,
    testOutputs: useMemo(
      () =>
        Object.fromEntries(
          [...tests].filter(([, t]) => t.ran && t.status === "succeeded").map(([id, t]) => [id, t.output]),
        ),
      [tests],
    ),
  };
}
