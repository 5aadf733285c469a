-- CreateTable
CREATE TABLE "WebhookSetting" (
    "workspaceId" TEXT NOT NULL,
    "deniedHeaders" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookSetting_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateTable
CREATE TABLE "RejectCounter" (
    "scope" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "dropped" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RejectCounter_pkey" PRIMARY KEY ("scope","windowStart")
);

-- CreateIndex
CREATE INDEX "RejectCounter_windowStart_idx" ON "RejectCounter"("windowStart");

-- AddForeignKey
ALTER TABLE "WebhookSetting" ADD CONSTRAINT "WebhookSetting_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Deliveries stored before the header policy (lib/webhooks/redact.ts): a browser's session
-- cookie, a sender's Authorization and the well-known signature headers become "[redacted]", and
-- a non-POST request keeps neither headers nor body, as the policy stores them from now on.
UPDATE "Delivery" SET "headers" = '{}', "body" = '\x'::bytea WHERE "verdict" = 'bad_method';
UPDATE "Delivery" d SET "headers" = (
  SELECT jsonb_object_agg(e.k, CASE WHEN e.k = ANY (ARRAY['cookie', 'authorization', 'proxy-authorization', 'stripe-signature', 'x-shopify-hmac-sha256', 'x-hub-signature', 'x-hub-signature-256', 'webhook-signature']) THEN to_jsonb('[redacted]'::text) ELSE e.v END)
  FROM jsonb_each(d."headers"::jsonb) AS e(k, v)
)::text
WHERE d."headers"::jsonb ?| ARRAY['cookie', 'authorization', 'proxy-authorization', 'stripe-signature', 'x-shopify-hmac-sha256', 'x-hub-signature', 'x-hub-signature-256', 'webhook-signature'];
