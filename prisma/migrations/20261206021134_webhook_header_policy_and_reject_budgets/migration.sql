-- CreateTable
CREATE TABLE "WebhookSetting" (
    "workspaceId" TEXT NOT NULL PRIMARY KEY,
    "deniedHeaders" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "WebhookSetting_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RejectCounter" (
    "scope" TEXT NOT NULL,
    "windowStart" DATETIME NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "dropped" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("scope", "windowStart")
);

-- CreateIndex
CREATE INDEX "RejectCounter_windowStart_idx" ON "RejectCounter"("windowStart");

-- Deliveries stored before the header policy (lib/webhooks/redact.ts): a browser's session
-- cookie, a sender's Authorization and the well-known signature headers become "[redacted]", and
-- a non-POST request keeps neither headers nor body, as the policy stores them from now on.
UPDATE "Delivery" SET "headers" = '{}', "body" = X'' WHERE "verdict" = 'bad_method';
UPDATE "Delivery" SET "headers" = (
  SELECT json_group_object("key", CASE WHEN "key" IN ('cookie', 'authorization', 'proxy-authorization', 'stripe-signature', 'x-shopify-hmac-sha256', 'x-hub-signature', 'x-hub-signature-256', 'webhook-signature') THEN '[redacted]' ELSE "value" END)
  FROM json_each("Delivery"."headers")
)
WHERE EXISTS (SELECT 1 FROM json_each("Delivery"."headers") WHERE "key" IN ('cookie', 'authorization', 'proxy-authorization', 'stripe-signature', 'x-shopify-hmac-sha256', 'x-hub-signature', 'x-hub-signature-256', 'webhook-signature'));
