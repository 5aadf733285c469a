// GET /api/openapi.json - the OpenAPI 3.1 document of this API (lib/api/openapi), generated from the
// routes' own zod schemas and authorization rules. Public: it describes the API, it holds no data.
import { apiRoute, json } from "@/lib/api/handler";
import { openApiDocument } from "@/lib/api/openapi/document";

export const GET = apiRoute(async () => json(openApiDocument()));
