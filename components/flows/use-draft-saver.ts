"use client";

// Saving the draft: manual Save, debounced autosave and "save before publish" share one path.
// Saves run one after another (never two PUTs racing with the same revision), each sends the
// revision of the last successful save, and a 409 stops autosave so nothing is overwritten.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { FlowDefinition } from "@/lib/flows/definition";
import { flowQueries, saveDraft } from "@/lib/queries/flows";
import { ApiRequestError } from "@/lib/queries/fetch-json";

const AUTOSAVE_MS = 1_500;

type SaveStatus = { phase: "idle" } | { phase: "saving" } | { phase: "failed"; message: string; conflict: boolean };

type Options = { flowId: string; initialRevision: number; name: string; definition: FlowDefinition };

export function useDraftSaver({ flowId, initialRevision, name, definition }: Options) {
  const queryClient = useQueryClient();
  // One string per distinct draft: "dirty" is simply "differs from what the server has".
  const draft = useMemo(() => ({ name, definition, key: JSON.stringify([name, definition]) }), [name, definition]);
  const [savedKey, setSavedKey] = useState(draft.key);
  const [status, setStatus] = useState<SaveStatus>({ phase: "idle" });

  // Refs for the async path, which must see the newest values, not the ones of the render it began in.
  const latest = useRef(draft);
  const savedKeyRef = useRef(draft.key);
  const revision = useRef(initialRevision);
  const queue = useRef<Promise<boolean>>(Promise.resolve(true));
  useEffect(() => {
    latest.current = draft;
  }, [draft]);

  const runSave = useCallback(async (): Promise<boolean> => {
    const snapshot = latest.current;
    if (snapshot.key === savedKeyRef.current) return true;
    setStatus({ phase: "saving" });
    try {
      const res = await saveDraft(flowId, {
        name: snapshot.name,
        definition: snapshot.definition,
        revision: revision.current,
      });
      revision.current = res.revision;
      savedKeyRef.current = snapshot.key;
      setSavedKey(snapshot.key);
      setStatus({ phase: "idle" });
      // Keep the cache current so reopening the editor starts from this revision, not a stale one.
      queryClient.setQueryData(
        flowQueries.detail(flowId).queryKey,
        (old) =>
          old && {
            ...old,
            name: snapshot.name,
            definition: snapshot.definition,
            revision: res.revision,
            updatedAt: res.updatedAt,
          },
      );
      void queryClient.invalidateQueries({ queryKey: flowQueries.all().queryKey });
      return true;
    } catch (err) {
      const conflict = err instanceof ApiRequestError && err.status === 409;
      setStatus({ phase: "failed", message: err instanceof Error ? err.message : "Unknown error", conflict });
      return false;
    }
  }, [flowId, queryClient]);

  /** Resolves true once everything typed so far is saved. */
  const save = useCallback((): Promise<boolean> => {
    queue.current = queue.current.then(runSave);
    return queue.current;
  }, [runSave]);

  const dirty = draft.key !== savedKey;
  const blocked = status.phase === "failed" && status.conflict;
  useEffect(() => {
    if (!dirty || blocked) return;
    const timer = setTimeout(() => void save(), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [draft.key, dirty, blocked, save]);

  // Leaving the editor (e.g. to Runs) must not drop the last edits still waiting for autosave.
  useEffect(() => {
    const pending = latest;
    const saved = savedKeyRef;
    return () => {
      if (pending.current.key !== saved.current) void save();
    };
  }, [save]);

  const label =
    status.phase === "saving"
      ? "Saving…"
      : status.phase === "failed"
        ? `Save failed: ${status.message}`
        : dirty
          ? "Unsaved changes"
          : "Saved";

  return { save, dirty, status, label };
}
