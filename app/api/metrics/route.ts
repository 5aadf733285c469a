// GET /api/metrics - Prometheus text format (lib/observability/metrics.ts). Public in the route
// rules because it checks its own caller: the metrics token, or loopback only when none is set
// (lib/observability/metrics-access.ts, docs/security.md).
import { ApiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { env } from "@/lib/env";
import { metricsAccess } from "@/lib/observability/metrics-access";
import { metricsText } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (req) => {
  const access = metricsAccess(req.headers, env().HOOKLINE_METRICS_TOKEN);
  if (!access.ok) {
    if (access.status === 401) {
      return Response.json(
        { error: { code: "unauthorized", message: access.message } },
        { status: 401, headers: { "www-authenticate": 'Bearer realm="hookline-metrics"' } },
      );
    }
    throw new ApiError("forbidden", access.message);
  }
  const { contentType, text } = await metricsText();
  return new Response(text, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
