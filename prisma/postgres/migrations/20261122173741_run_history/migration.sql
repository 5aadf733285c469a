-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "batchId" TEXT,
ADD COLUMN     "replayOfId" TEXT;

-- CreateTable
CREATE TABLE "RunSearchToken" (
    "workspaceId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,

    CONSTRAINT "RunSearchToken_pkey" PRIMARY KEY ("workspaceId","token","runId")
);

-- CreateTable
CREATE TABLE "HistorySetting" (
    "workspaceId" TEXT NOT NULL,
    "retentionDays" INTEGER NOT NULL DEFAULT 30,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HistorySetting_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateTable
CREATE TABLE "HistoryCursor" (
    "id" TEXT NOT NULL,
    "lastId" TEXT NOT NULL,

    CONSTRAINT "HistoryCursor_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RunSearchToken_runId_idx" ON "RunSearchToken"("runId");

-- CreateIndex
CREATE INDEX "Run_workspaceId_id_idx" ON "Run"("workspaceId", "id");

-- CreateIndex
CREATE INDEX "Run_flowId_id_idx" ON "Run"("flowId", "id");

-- CreateIndex
CREATE INDEX "Run_workspaceId_status_id_idx" ON "Run"("workspaceId", "status", "id");

-- CreateIndex
CREATE INDEX "Run_flowId_status_id_idx" ON "Run"("flowId", "status", "id");

-- CreateIndex
CREATE INDEX "Run_workspaceId_eventType_id_idx" ON "Run"("workspaceId", "eventType", "id");

-- CreateIndex
CREATE INDEX "Run_flowId_eventType_id_idx" ON "Run"("flowId", "eventType", "id");

-- CreateIndex
CREATE INDEX "Run_deliveryId_idx" ON "Run"("deliveryId");

-- CreateIndex
CREATE INDEX "Run_batchId_idx" ON "Run"("batchId");

-- AddForeignKey
ALTER TABLE "RunSearchToken" ADD CONSTRAINT "RunSearchToken_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
