-- CreateTable
CREATE TABLE "ExecutorLease" (
    "id" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "serveUrl" TEXT NOT NULL,
    "acquiredAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExecutorLease_pkey" PRIMARY KEY ("id")
);
