// Points lib/env at this project's database before any test module reads it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
// One key for the whole run: test files share a database, so they must share the key too.
process.env.HOOKLINE_SECRET_KEY ??= Buffer.alloc(32, 7).toString("base64");
process.env.HOOKLINE_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "hookline-data-"));
// The SSRF guard refuses loopback by default; the tests' target servers listen on 127.0.0.1.
process.env.HOOKLINE_ALLOW_HOSTS ??= "127.0.0.1";
// Test files share one database and send from one address (127.0.0.1): with the default rejection
// budgets, one file's rejected requests would use up the next file's. ingest-budgets.test.ts sets its own.
process.env.HOOKLINE_REJECTED_PER_ADDRESS ??= "1000000";
process.env.HOOKLINE_REJECTED_PER_FLOW ??= "1000000";
for (const k of ["INNGEST_BASE_URL", "INNGEST_SIGNING_KEY", "INNGEST_DEV", "INNGEST_EVENT_KEY"]) delete process.env[k];
