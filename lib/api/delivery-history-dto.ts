// What GET /api/deliveries/:id adds to a stored request about its life after arrival: started by
// hand ("Run now"), re-verified (by whom, when, and the verdict it had), and the runs it started.
// Browser-safe.
export type DeliveryHistory = {
  kind: string;
  /** kind "manual": the member or API key that started it. */
  startedBy: string | null;
  reverifiedAt: string | null;
  reverifiedBy: string | null;
  priorVerdict: string | null;
  priorReason: string | null;
  runIds: string[];
  /** It may be judged again with the flow's current settings (POST /api/deliveries/:id/reverify). */
  reverifiable: boolean;
};

/** POST /api/deliveries/:id/reverify */
export type ReverifyResult = {
  id: string;
  verdict: string;
  reason: string | null;
  /** The verdict the delivery had first (kept across re-verifications). */
  priorVerdict: string;
  /** The run it started when it passed now. */
  runId: string | null;
};
