"use client";

// Runs an action that starts a session (sign in, sign up, accept an invite), then opens `to` with
// everything cached for the previous session dropped. Its error is shown by the form.
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

export function useSessionAction() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  const qc = useQueryClient();

  async function run(action: () => Promise<unknown>, to: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
      qc.clear();
      router.replace(to);
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return { error, busy, run };
}
