/*
  Warnings:

  - A unique constraint covering the columns `[flowId,scheduledAt]` on the table `Run` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "scheduledAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "Run_flowId_scheduledAt_key" ON "Run"("flowId", "scheduledAt");
