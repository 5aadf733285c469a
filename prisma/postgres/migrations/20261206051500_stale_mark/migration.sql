-- CreateTable
CREATE TABLE "StaleMark" (
    "flowId" TEXT NOT NULL,
    "objectKey" TEXT NOT NULL,
    "version" DOUBLE PRECISION NOT NULL,
    "replaced" DOUBLE PRECISION,
    "deliveryId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaleMark_pkey" PRIMARY KEY ("flowId","objectKey")
);
