-- CreateTable
CREATE TABLE "StaleMark" (
    "flowId" TEXT NOT NULL,
    "objectKey" TEXT NOT NULL,
    "version" REAL NOT NULL,
    "replaced" REAL,
    "deliveryId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("flowId", "objectKey")
);
