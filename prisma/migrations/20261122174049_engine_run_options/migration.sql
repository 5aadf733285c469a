-- AlterTable
ALTER TABLE "StepRun" ADD COLUMN "reusedFromRunId" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "flowVersionId" TEXT,
    "definition" TEXT,
    "deliveryId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "eventType" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatchedAt" DATETIME,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "replayOfId" TEXT,
    "batchId" TEXT,
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "retryOfRunId" TEXT,
    CONSTRAINT "Run_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Run_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "Flow" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Run_flowVersionId_fkey" FOREIGN KEY ("flowVersionId") REFERENCES "FlowVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Run_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Run" ("batchId", "createdAt", "definition", "deliveryId", "dispatchedAt", "error", "eventType", "finishedAt", "flowId", "flowVersionId", "id", "replayOfId", "startedAt", "status", "workspaceId") SELECT "batchId", "createdAt", "definition", "deliveryId", "dispatchedAt", "error", "eventType", "finishedAt", "flowId", "flowVersionId", "id", "replayOfId", "startedAt", "status", "workspaceId" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE INDEX "Run_flowId_createdAt_idx" ON "Run"("flowId", "createdAt");
CREATE INDEX "Run_dispatchedAt_status_idx" ON "Run"("dispatchedAt", "status");
CREATE INDEX "Run_workspaceId_id_idx" ON "Run"("workspaceId", "id");
CREATE INDEX "Run_flowId_id_idx" ON "Run"("flowId", "id");
CREATE INDEX "Run_workspaceId_status_id_idx" ON "Run"("workspaceId", "status", "id");
CREATE INDEX "Run_flowId_status_id_idx" ON "Run"("flowId", "status", "id");
CREATE INDEX "Run_workspaceId_eventType_id_idx" ON "Run"("workspaceId", "eventType", "id");
CREATE INDEX "Run_flowId_eventType_id_idx" ON "Run"("flowId", "eventType", "id");
CREATE INDEX "Run_deliveryId_idx" ON "Run"("deliveryId");
CREATE INDEX "Run_batchId_idx" ON "Run"("batchId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
