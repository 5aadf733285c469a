// The app catalog: one line per app (its folder is lib/apps/<app>/index.ts). Browser-safe.
import { airtable } from "./airtable";
import { googleSheets } from "./google-sheets";
import { hubspot } from "./hubspot";
import { klaviyo } from "./klaviyo";
import { linear } from "./linear";
import { notion } from "./notion";
import { shopify } from "./shopify";
import { stripe } from "./stripe";
import { telegram } from "./telegram";
import { trello } from "./trello";
import { twilio } from "./twilio";
import type { AppDefinition, AppOperation } from "./types";

export const appCatalog: readonly AppDefinition[] = [
  airtable,
  googleSheets,
  hubspot,
  klaviyo,
  linear,
  notion,
  shopify,
  stripe,
  telegram,
  trello,
  twilio,
];

const byId = new Map(appCatalog.map((a) => [a.id, a]));

export const getApp = (id: string): AppDefinition | undefined => byId.get(id);

/** Node types of app operations: `app:<app>.<operation>`. */
export const APP_NODE_PREFIX = "app:";
export const appNodeType = (app: AppDefinition, op: AppOperation) => `${APP_NODE_PREFIX}${app.id}.${op.id}`;

export function parseAppNodeType(type: string): { app: AppDefinition; operation: AppOperation } | undefined {
  const m = /^app:([a-z0-9]+)\.([A-Za-z0-9]+)$/.exec(type);
  const app = m ? byId.get(m[1]!) : undefined;
  const operation = app?.operations.find((o) => o.id === m![2]);
  return app && operation ? { app, operation } : undefined;
}

/** The credential type of an app's accounts: `app:<app>`. */
export const appCredentialType = (appId: string) => `app:${appId}` as const;
