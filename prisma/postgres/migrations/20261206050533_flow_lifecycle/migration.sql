-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "priorReason" TEXT,
ADD COLUMN     "priorVerdict" TEXT,
ADD COLUMN     "reverifiedAt" TIMESTAMP(3),
ADD COLUMN     "reverifiedBy" TEXT,
ADD COLUMN     "sealedVerification" TEXT,
ADD COLUMN     "startedBy" TEXT;

-- AlterTable
ALTER TABLE "Flow" ADD COLUMN     "archivedAt" TIMESTAMP(3);
