-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RateBucket" (
    "flowId" TEXT NOT NULL PRIMARY KEY,
    "tokens" REAL NOT NULL,
    "granted" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_RateBucket" ("flowId", "tokens", "updatedAt") SELECT "flowId", "tokens", "updatedAt" FROM "RateBucket";
DROP TABLE "RateBucket";
ALTER TABLE "new_RateBucket" RENAME TO "RateBucket";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
