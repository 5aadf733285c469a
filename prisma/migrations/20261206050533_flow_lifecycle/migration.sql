-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "priorReason" TEXT;
ALTER TABLE "Delivery" ADD COLUMN "priorVerdict" TEXT;
ALTER TABLE "Delivery" ADD COLUMN "reverifiedAt" DATETIME;
ALTER TABLE "Delivery" ADD COLUMN "reverifiedBy" TEXT;
ALTER TABLE "Delivery" ADD COLUMN "sealedVerification" TEXT;
ALTER TABLE "Delivery" ADD COLUMN "startedBy" TEXT;

-- AlterTable
ALTER TABLE "Flow" ADD COLUMN "archivedAt" DATETIME;
