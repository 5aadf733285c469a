-- CreateIndex
CREATE INDEX "Run_flowId_status_eventType_id_idx" ON "Run"("flowId", "status", "eventType", "id");
