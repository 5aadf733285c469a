-- CreateTable
CREATE TABLE "DataTable" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "valueField" TEXT NOT NULL DEFAULT 'value',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DataTable_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DataRow" (
    "tableId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "data" TEXT NOT NULL DEFAULT '{}',
    "value" REAL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("tableId", "key"),
    CONSTRAINT "DataRow_tableId_fkey" FOREIGN KEY ("tableId") REFERENCES "DataTable" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DataRowOp" (
    "tableId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "op" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("tableId", "idempotencyKey"),
    CONSTRAINT "DataRowOp_tableId_fkey" FOREIGN KEY ("tableId") REFERENCES "DataTable" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "DataTable_workspaceId_name_key" ON "DataTable"("workspaceId", "name");

-- CreateIndex
CREATE INDEX "DataRowOp_createdAt_idx" ON "DataRowOp"("createdAt");
