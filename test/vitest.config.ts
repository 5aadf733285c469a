import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");

export default defineConfig({
  root,
  resolve: {
    alias: {
      "@": root,
      // Next resolves "server-only" to an empty module on the server; so do the tests.
      "server-only": path.join(root, "test/support/empty.ts"),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.{ts,tsx}", "test/contract/**/*.test.ts"],
          environment: "node",
        },
      },
      ...(["sqlite", "postgres"] as const).map((db) => ({
        extends: true as const,
        test: {
          name: `integration-${db}`,
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/support/database-global-setup.ts"],
          setupFiles: ["test/support/database-setup.ts"],
          provide: { database: db },
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      })),
    ],
  },
});
