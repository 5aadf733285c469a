-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "dryRun" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "retryOfRunId" TEXT;

-- AlterTable
ALTER TABLE "StepRun" ADD COLUMN     "reusedFromRunId" TEXT;
