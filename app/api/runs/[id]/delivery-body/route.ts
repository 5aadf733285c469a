// GET /api/runs/:id/delivery-body - the whole raw body of the run's delivery, as a download.
// Always an attachment of type application/octet-stream with nosniff: a stranger wrote these
// bytes, and the browser must never render them as a page.
import { apiRoute } from "@/lib/api/handler";
import { getRunDeliveryBody } from "@/lib/runs/get-run";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute<Ctx>(async (_req, { params }) => {
  const delivery = await getRunDeliveryBody(await currentWorkspaceId(), (await params).id);
  const ext = /json/i.test(delivery.contentType ?? "")
    ? "json"
    : /xml/i.test(delivery.contentType ?? "")
      ? "xml"
      : "txt";
  return new Response(Buffer.from(delivery.body), {
    headers: {
      "content-type": "application/octet-stream",
      "content-disposition": `attachment; filename="${delivery.id}.${ext}"`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
});
