// The stale-event guard's settings on a flow's webhook trigger (browser-safe: the editor's form
// validates with it). An event names its object (a body path) and its version or time (a body
// path or a header); the sender presets offer defaults (presets.ts `staleGuard`).
import { z } from "zod";

const path = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, `${field} is required`)
    .max(200, `${field} is too long`);

export const staleGuardConfig = z
  .object({
    enabled: z.boolean().default(false),
    objectIdPath: path("Object id path"),
    versionPath: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      path("Version path").optional(),
    ),
    versionHeader: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z
        .string()
        .trim()
        .toLowerCase()
        .max(100, "Version header is too long")
        .regex(/^[!#$%&'*+.^_`|~0-9a-z-]+$/, "Version header is not a valid header name")
        .optional(),
    ),
    // skip: stored as stale_event, no run; flag: stored as stale_event and runs all the same.
    onStale: z.enum(["skip", "flag"]).default("skip"),
  })
  .refine((g) => g.versionPath || g.versionHeader, {
    message: "Give the version path or the version header",
    path: ["versionPath"],
  });

export type StaleGuardConfig = z.output<typeof staleGuardConfig>;
