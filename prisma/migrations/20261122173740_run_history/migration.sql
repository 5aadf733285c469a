-- AlterTable
ALTER TABLE "Run" ADD COLUMN "batchId" TEXT;
ALTER TABLE "Run" ADD COLUMN "replayOfId" TEXT;

-- CreateTable
CREATE TABLE "RunSearchToken" (
    "workspaceId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,

    PRIMARY KEY ("workspaceId", "token", "runId"),
    CONSTRAINT "RunSearchToken_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HistorySetting" (
    "workspaceId" TEXT NOT NULL PRIMARY KEY,
    "retentionDays" INTEGER NOT NULL DEFAULT 30,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "HistoryCursor" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "lastId" TEXT NOT NULL
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
