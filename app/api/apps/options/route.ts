// GET /api/apps/options?app=…&field=…&credentialId=…&<fields it depends on>=… - the choices for
// a field (Trello boards and lists, spreadsheets and tabs…), fetched with the account, cached a minute.
import { z } from "zod";
import { apiRoute, json } from "@/lib/api/handler";
import { fieldOptions } from "@/lib/apps/server/options";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

const query = z.record(z.string().max(100), z.string().max(2000));

export const GET = apiRoute(async (req) => {
  const {
    app,
    field,
    credentialId = "",
    ...values
  } = query.parse(Object.fromEntries(new URL(req.url).searchParams)) as Record<string, string>;
  return json({ items: await fieldOptions(await currentWorkspaceId(), app!, field!, credentialId, values) });
});
