// The workspace's webhook settings: the headers its owners keep out of the request log on top of
// the fixed policy (redact.ts). Ingest reads them with the endpoint (load-endpoint.ts, cached a
// second), never per request.
import "server-only";
import { getDb } from "@/lib/db";
import { forgetEndpoints } from "./load-endpoint";
import { readDeniedHeaders, type WebhookSettings } from "./redact";
import { kickDeniedHeaderScrubs, queueDeniedHeaderScrub } from "./scrub-deliveries";

export async function getWebhookSettings(workspaceId: string): Promise<WebhookSettings> {
  const db = await getDb();
  const row = await db.webhookSetting.findUnique({ where: { workspaceId } });
  return { deniedHeaders: readDeniedHeaders(row?.deniedHeaders) };
}

export async function setWebhookSettings(workspaceId: string, settings: WebhookSettings): Promise<WebhookSettings> {
  const db = await getDb();
  const before = new Set((await getWebhookSettings(workspaceId)).deniedHeaders);
  const deniedHeaders = JSON.stringify(settings.deniedHeaders);
  await db.webhookSetting.upsert({
    where: { workspaceId },
    create: { workspaceId, deniedHeaders },
    update: { deniedHeaders },
  });
  // This instance applies the list to the next delivery; others when their endpoint cache expires.
  forgetEndpoints();
  // Headers added to the list leave the deliveries already stored too: queued (a restart resumes
  // it), then walked in batches beside the requests (scrub-deliveries.ts).
  const added = settings.deniedHeaders.filter((h) => !before.has(h));
  if (added.length > 0) {
    await queueDeniedHeaderScrub(workspaceId, added);
    kickDeniedHeaderScrubs();
  }
  return { deniedHeaders: settings.deniedHeaders };
}
