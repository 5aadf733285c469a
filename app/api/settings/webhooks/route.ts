// GET /api/settings/webhooks - {deniedHeaders}; PUT {deniedHeaders} - owners: headers the request
// log stores as "[redacted]" on top of the fixed policy (lib/webhooks/redact.ts)
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { webhookSettingsBody } from "@/lib/webhooks/redact";
import { getWebhookSettings, setWebhookSettings } from "@/lib/webhooks/webhook-settings";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

export const GET = apiRoute(async () => json(await getWebhookSettings(await currentWorkspaceId())));

export const PUT = apiRoute(async (req) =>
  json(await setWebhookSettings(await currentWorkspaceId(), await readJson(req, webhookSettingsBody))),
);
