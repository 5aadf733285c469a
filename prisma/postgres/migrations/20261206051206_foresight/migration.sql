-- CreateTable
CREATE TABLE "PayloadShapeSample" (
    "deliveryId" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "paths" TEXT NOT NULL,

    CONSTRAINT "PayloadShapeSample_pkey" PRIMARY KEY ("deliveryId")
);

-- CreateTable
CREATE TABLE "ForesightFinding" (
    "flowId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "resolvedAt" TIMESTAMP(3),
    "lastAlertAt" TIMESTAMP(3),
    "alerted" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ForesightFinding_pkey" PRIMARY KEY ("flowId","key")
);

-- CreateTable
CREATE TABLE "ForesightDigest" (
    "flowId" TEXT NOT NULL,
    "lastSentAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ForesightDigest_pkey" PRIMARY KEY ("flowId")
);

-- CreateIndex
CREATE INDEX "PayloadShapeSample_flowId_eventType_deliveryId_idx" ON "PayloadShapeSample"("flowId", "eventType", "deliveryId");

-- CreateIndex
CREATE INDEX "ForesightFinding_resolvedAt_idx" ON "ForesightFinding"("resolvedAt");

-- AddForeignKey
ALTER TABLE "PayloadShapeSample" ADD CONSTRAINT "PayloadShapeSample_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "Flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForesightFinding" ADD CONSTRAINT "ForesightFinding_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "Flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForesightDigest" ADD CONSTRAINT "ForesightDigest_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "Flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;
