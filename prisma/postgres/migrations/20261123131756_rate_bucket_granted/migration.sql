-- AlterTable
ALTER TABLE "RateBucket" ADD COLUMN     "granted" INTEGER NOT NULL DEFAULT 0;
