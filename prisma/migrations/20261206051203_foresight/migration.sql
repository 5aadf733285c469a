-- CreateTable
CREATE TABLE "PayloadShapeSample" (
    "deliveryId" TEXT NOT NULL PRIMARY KEY,
    "flowId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "paths" TEXT NOT NULL,
    CONSTRAINT "PayloadShapeSample_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "Flow" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ForesightFinding" (
    "flowId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "since" DATETIME NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "resolvedAt" DATETIME,
    "lastAlertAt" DATETIME,
    "alerted" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("flowId", "key"),
    CONSTRAINT "ForesightFinding_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "Flow" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ForesightDigest" (
    "flowId" TEXT NOT NULL PRIMARY KEY,
    "lastSentAt" DATETIME NOT NULL,
    CONSTRAINT "ForesightDigest_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "Flow" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PayloadShapeSample_flowId_eventType_deliveryId_idx" ON "PayloadShapeSample"("flowId", "eventType", "deliveryId");

-- CreateIndex
CREATE INDEX "ForesightFinding_resolvedAt_idx" ON "ForesightFinding"("resolvedAt");
