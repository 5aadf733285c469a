-- CreateTable
CREATE TABLE "DataTable" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "valueField" TEXT NOT NULL DEFAULT 'value',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DataTable_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataRow" (
    "tableId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "data" TEXT NOT NULL DEFAULT '{}',
    "value" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DataRow_pkey" PRIMARY KEY ("tableId","key")
);

-- CreateTable
CREATE TABLE "DataRowOp" (
    "tableId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "op" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataRowOp_pkey" PRIMARY KEY ("tableId","idempotencyKey")
);

-- CreateIndex
CREATE UNIQUE INDEX "DataTable_workspaceId_name_key" ON "DataTable"("workspaceId", "name");

-- CreateIndex
CREATE INDEX "DataRowOp_createdAt_idx" ON "DataRowOp"("createdAt");

-- AddForeignKey
ALTER TABLE "DataTable" ADD CONSTRAINT "DataTable_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataRow" ADD CONSTRAINT "DataRow_tableId_fkey" FOREIGN KEY ("tableId") REFERENCES "DataTable"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataRowOp" ADD CONSTRAINT "DataRowOp_tableId_fkey" FOREIGN KEY ("tableId") REFERENCES "DataTable"("id") ON DELETE CASCADE ON UPDATE CASCADE;
