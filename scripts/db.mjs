// Offline replacement for `prisma migrate dev|deploy|diff|status|reset` and `prisma db push`.
//
// Prisma 7's CLI only drives the *native* schema engine (downloaded at run time from
// binaries.prisma.sh). This script drives the same engine compiled to WebAssembly
// (@prisma/schema-engine-wasm, from npm) through a Prisma driver adapter, so it needs nothing but
// node_modules. Migration folders, migration_lock.toml and the `_prisma_migrations` table are the
// ones Prisma Migrate uses, so the stock CLI can take over wherever the native engine is available.
//
//   node scripts/db.mjs deploy                      apply pending migrations (production/CI)
//   node scripts/db.mjs dev [--name x] [--create-only] [--force]
//   node scripts/db.mjs diff [--from-empty]          SQL from migrations (or empty) to the schema
//   node scripts/db.mjs status | push [--force] | reset --force
//
// Env: DATABASE_URL  file:./data/hookline.db (default, SQLite) | postgresql://user:pass@host:5432/db
//      SQLITE_DRIVER libsql (default) | better-sqlite3 (needs @prisma/adapter-better-sqlite3 + a native build)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

// Same default as lib/env.ts: a SQLite file under ./data.
const url = process.env.DATABASE_URL || "file:./data/hookline.db";
if (!/^postgres(ql)?:/.test(url))
  fs.mkdirSync(path.dirname(path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""))), { recursive: true });
const isPg = /^postgres(ql)?:/.test(url);
const schemaPath = path.resolve(isPg ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma");
const migrationsDir = path.resolve(isPg ? "prisma/postgres/migrations" : "prisma/migrations");
const filters = { externalTables: [], externalEnums: [] };
const argv = process.argv.slice(2);
const flag = (f) => argv.includes(f);
const opt = (f) => (argv.indexOf(f) >= 0 ? argv[argv.indexOf(f) + 1] : undefined);

async function loadSchemaEngine() {
  const bgUrl = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bg = await import(bgUrl);
  const wasmModule = new WebAssembly.Module(fs.readFileSync(new URL("./schema_engine_bg.wasm", bgUrl)));
  const instance = new WebAssembly.Instance(wasmModule, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return bg.SchemaEngine;
}

// Work-around: the Wasm engine replays migration scripts on the shadow database with
// `executeRaw`, which the SQLite drivers only accept for ONE statement (P3006 / silent drift).
function scriptsViaExecuteScript(adapter) {
  return new Proxy(adapter, {
    get(target, prop) {
      if (prop === "executeRaw") {
        return async (q) => {
          if (q.args.length > 0) return target.executeRaw(q);
          await target.executeScript(q.sql);
          return 0;
        };
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

async function sqliteFactory() {
  if ((process.env.SQLITE_DRIVER ?? "libsql") === "libsql") {
    const { PrismaLibSql } = await import("@prisma/adapter-libsql");
    return new PrismaLibSql({ url });
  }
  const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
  return new PrismaBetterSqlite3({ url });
}

async function pgFactory() {
  // Work-around 1: adapter-pg cannot decode PostgreSQL's internal "char" type (OID 18) that the
  // engine reads from pg_catalog ("Column type 'char' could not be deserialized"): expose it as text.
  const { default: pg } = await import("pg");
  if (!pg.Query.prototype.__prismaCharAsText) {
    const orig = pg.Query.prototype.handleRowDescription;
    pg.Query.prototype.handleRowDescription = function (msg) {
      for (const f of msg.fields) if (f.dataTypeID === 18) f.dataTypeID = 25;
      return orig.call(this, msg);
    };
    pg.Query.prototype.__prismaCharAsText = true;
  }
  const { PrismaPg } = await import("@prisma/adapter-pg");
  // Work-around 2 (SAFETY): never pass `connectionString`. adapter-pg builds the shadow pool as
  // { ...config, database: shadow } and node-postgres lets connectionString override `database`,
  // so the "shadow" database would silently be the main one.
  const u = new URL(url);
  const config = {
    host: decodeURIComponent(u.hostname),
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)),
    ...(u.searchParams.get("sslmode") && u.searchParams.get("sslmode") !== "disable" ? { ssl: true } : {}),
  };
  const schema = u.searchParams.get("schema") ?? undefined;
  const main = new PrismaPg(config, schema ? { schema } : undefined);
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    // Work-around 3: adapter-pg drops the shadow DB before closing its pool ("is being accessed by
    // other users"), leaking prisma_migrate_shadow_db_* databases. Close first, then drop.
    connectToShadowDb: async () => {
      const admin = await main.connect();
      const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
      await admin.executeScript(`CREATE DATABASE "${database}"`);
      const shadow = await new PrismaPg({ ...config, database }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
        await admin.dispose();
      };
      return shadow;
    },
  };
}

async function adapterFactory() {
  const f = isPg ? await pgFactory() : await sqliteFactory();
  return bindMigrationAwareSqlAdapterFactory({
    provider: f.provider,
    adapterName: f.adapterName,
    connect: () => f.connect(),
    connectToShadowDb: async () => scriptsViaExecuteScript(await f.connectToShadowDb()),
  });
}

function listMigrations() {
  const lock = path.join(migrationsDir, "migration_lock.toml");
  const dirs = fs.existsSync(migrationsDir)
    ? fs
        .readdirSync(migrationsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lock) ? fs.readFileSync(lock, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: fs.existsSync(file)
            ? { tag: "ok", value: fs.readFileSync(file, "utf8") }
            : { tag: "error", value: `missing ${file}` },
        },
      };
    }),
  };
}

function sqliteFile() {
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

async function main() {
  const cmd = argv[0];
  const SchemaEngine = await loadSchemaEngine();
  const content = fs.readFileSync(schemaPath, "utf8");
  const schema = { files: [{ path: schemaPath, content }] };
  const log = (m) => process.env.DEBUG_SCHEMA_ENGINE && console.error("[schema-engine]", m);
  let factory;
  let engine;
  const unwrap = async (p) => {
    try {
      return await p;
    } catch (e) {
      const rec = typeof e?.id === "number" ? factory.errorRegistry.consumeError(e.id) : undefined;
      throw rec ? Object.assign(new Error(`driver adapter error: ${JSON.stringify(rec.error)}`), { cause: e }) : e;
    }
  };
  const open = async () => {
    factory = await adapterFactory();
    engine = await unwrap(SchemaEngine.new({ datamodels: [[schemaPath, content]] }, log, factory));
  };
  // The Wasm engine's SQLite reset() does not drop tables, so for SQLite the file is deleted
  // *before* an engine is opened (a second engine in the same process cannot get a shadow DB).
  const deleteSqliteFile = () => {
    for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(sqliteFile() + suffix, { force: true });
  };
  if (cmd === "reset" && !isPg) {
    if (!flag("--force")) throw new Error("reset drops all data; pass --force");
    deleteSqliteFile();
  }
  await open();
  const apply = async () => {
    const r = await unwrap(engine.applyMigrations({ migrationsList: listMigrations(), filters }));
    console.log(
      r.appliedMigrationNames.length ? `Applied: ${r.appliedMigrationNames.join(", ")}` : "No pending migrations.",
    );
  };
  console.error(
    `[db] ${isPg ? "postgresql" : `sqlite (${process.env.SQLITE_DRIVER ?? "libsql"})`} ${path.relative(".", schemaPath)}`,
  );
  try {
    switch (cmd) {
      case "deploy":
        await apply();
        break;
      case "status": {
        const r = await unwrap(
          engine.diagnoseMigrationHistory({ migrationsList: listMigrations(), optInToShadowDatabase: false, filters }),
        );
        console.log(JSON.stringify(r, null, 2));
        if (r.history || r.failedMigrationNames.length || r.editedMigrationNames.length) process.exitCode = 1;
        break;
      }
      case "dev": {
        // Work-around: devDiagnostic fails with P1014 while `_prisma_migrations` does not exist;
        // applying pending migrations first creates it (migrate dev would apply them anyway).
        await apply();
        const diag = await unwrap(engine.devDiagnostic({ migrationsList: listMigrations(), filters }));
        if (diag.action.tag === "reset") {
          if (!flag("--force")) {
            console.error(`Database reset required: ${diag.action.reason}\nRe-run with --force to drop all data.`);
            process.exitCode = 1;
            break;
          }
          if (!isPg) {
            engine.free();
            engine = undefined;
            deleteSqliteFile();
            const again = argv.filter((a) => a !== "--force");
            const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...again], { stdio: "inherit" });
            process.exitCode = r.status ?? 1;
            return;
          }
          await unwrap(engine.reset({ filter: filters }));
          await apply();
        }
        const out = await unwrap(
          engine.createMigration({
            draft: flag("--create-only"),
            migrationName: opt("--name") ?? "migration",
            migrationsList: listMigrations(),
            schema,
            filters,
          }),
        );
        if (out.migrationScript === null) {
          console.log("Schema unchanged; no migration created.");
          break;
        }
        const dir = path.join(migrationsDir, out.generatedMigrationName);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `migration.${out.extension}`), out.migrationScript);
        const lock = path.join(migrationsDir, "migration_lock.toml");
        if (!fs.existsSync(lock)) {
          fs.writeFileSync(
            lock,
            `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${out.connectorType}"\n`,
          );
        }
        console.log(`Created ${path.relative(".", dir)}`);
        if (!flag("--create-only")) await apply();
        break;
      }
      case "diff": {
        const from = flag("--from-empty") ? { tag: "empty" } : { tag: "migrations", ...listMigrations() };
        const r = await unwrap(
          engine.diff({ from, to: { tag: "schemaDatamodel", ...schema }, script: true, exitCode: null, filters }),
        );
        process.stdout.write(r.stdout ?? "");
        break;
      }
      case "push": {
        const r = await unwrap(engine.schemaPush({ force: flag("--force"), schema, filters }));
        console.log(JSON.stringify(r));
        if (r.unexecutable.length || (r.warnings.length && !flag("--force"))) process.exitCode = 1;
        break;
      }
      case "reset":
        if (!flag("--force")) throw new Error("reset drops all data; pass --force");
        if (isPg) await unwrap(engine.reset({ filter: filters }));
        await apply();
        break;
      default:
        console.error("usage: node scripts/db.mjs deploy|dev|diff|status|push|reset");
        process.exitCode = 2;
    }
  } finally {
    engine?.free();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
