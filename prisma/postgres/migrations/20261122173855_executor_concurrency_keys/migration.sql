-- CreateTable
CREATE TABLE "ExecRunKey" (
    "seq" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "limit" INTEGER NOT NULL,

    CONSTRAINT "ExecRunKey_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "ExecRunKey_key_seq_idx" ON "ExecRunKey"("key", "seq");

-- CreateIndex
CREATE INDEX "ExecRunKey_runId_idx" ON "ExecRunKey"("runId");

-- AddForeignKey
ALTER TABLE "ExecRunKey" ADD CONSTRAINT "ExecRunKey_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ExecRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
