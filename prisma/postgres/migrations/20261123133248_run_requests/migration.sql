-- CreateTable
CREATE TABLE "RunRequest" (
    "deliveryId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "flowVersionId" TEXT NOT NULL,
    "eventType" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RunRequest_pkey" PRIMARY KEY ("deliveryId")
);

-- AddForeignKey
ALTER TABLE "RunRequest" ADD CONSTRAINT "RunRequest_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunRequest" ADD CONSTRAINT "RunRequest_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "Flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;
