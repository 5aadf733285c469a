// One node kind per app operation, generated from the app catalog (never listed by hand): type
// `app:<app>.<operation>`, group "Apps", the app's logo. Its config is the operation's fields plus
// the account to use. Browser-safe; the executor is lib/apps/server/app-executor.ts.
import { z } from "zod";
import type { NodeKind } from "@/lib/nodes/kind";
import { appCatalog, appNodeType } from "./catalog";
import type { AppDefinition, AppOperation } from "./types";

/** The account field every app node has; the picker lists this app's accounts only. */
export const accountField = (app: AppDefinition) =>
  z
    .string()
    .trim()
    .max(100)
    .default("")
    .refine((id) => id !== "", `Choose a ${app.name} account, or connect one`)
    .meta({ title: `${app.name} account`, credential: `app:${app.id}` });

function kindOf(app: AppDefinition, op: AppOperation): NodeKind {
  return {
    type: appNodeType(app, op),
    label: `${app.name}: ${op.label}`,
    group: "Apps",
    icon: "globe",
    logo: app.logo,
    description: op.description,
    config: op.fields.extend({ credentialId: accountField(app) }),
    defaults: { credentialId: "", ...(op.defaults as object) },
    summary: (c) => op.summary?.(c as never) ?? `${app.name}: ${op.label}`,
    sideEffect: op.sideEffect,
  };
}

export const appNodeKinds: readonly NodeKind[] = appCatalog.flatMap((app) =>
  app.operations.map((op) => kindOf(app, op)),
);
