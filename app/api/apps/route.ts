// GET /api/apps - the app catalog: names, logos, auth kinds, operations, OAuth2 client set up or not
import { apiRoute, json } from "@/lib/api/handler";
import { listApps } from "@/lib/apps/server/app-list";

export const GET = apiRoute(async () => json({ items: await listApps() }));
