// One migrated database per integration project (SQLite or PostgreSQL), dropped at the end.
import type { TestProject } from "vitest/node";
import { createTestDatabase } from "./migrate";

declare module "vitest" {
  export interface ProvidedContext {
    database: "sqlite" | "postgres";
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const db = await createTestDatabase(project.config.provide.database as "sqlite" | "postgres");
  project.provide("databaseUrl", db.url);
  return () => db.drop();
}
