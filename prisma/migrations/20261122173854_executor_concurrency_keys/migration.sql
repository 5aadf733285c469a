-- CreateTable
CREATE TABLE "ExecRunKey" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "limit" INTEGER NOT NULL,
    CONSTRAINT "ExecRunKey_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ExecRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ExecRunKey_key_seq_idx" ON "ExecRunKey"("key", "seq");

-- CreateIndex
CREATE INDEX "ExecRunKey_runId_idx" ON "ExecRunKey"("runId");
