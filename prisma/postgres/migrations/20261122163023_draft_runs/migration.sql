-- AlterTable
ALTER TABLE "Flow" ADD COLUMN     "testRunsDraft" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "definition" TEXT,
ALTER COLUMN "flowVersionId" DROP NOT NULL;
