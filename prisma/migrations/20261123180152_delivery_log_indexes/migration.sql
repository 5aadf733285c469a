-- DropIndex
DROP INDEX "Delivery_flowId_kind_receivedAt_idx";

-- DropIndex
DROP INDEX "Delivery_flowId_receivedAt_idx";

-- CreateIndex
CREATE INDEX "Delivery_flowId_id_idx" ON "Delivery"("flowId", "id");

-- CreateIndex
CREATE INDEX "Delivery_flowId_kind_id_idx" ON "Delivery"("flowId", "kind", "id");
