import { countRows, createStripeFlow, startApp } from "./app";
import { runLoad } from "./load";
import { createDatabase, dropDatabase } from "./postgres";
import { killAllChildren } from "./util";
const SECRET = "whsec_benchmarkSigningSecretForHooklineIngest0000";
const db = process.argv[2] ?? "sqlite";
const prof = process.argv[3];
const pgDb = db === "pg" ? await createDatabase("hookline_bench_scratch") : null;
const t0 = Date.now();
const app = await startApp({ databaseUrl: pgDb?.url ?? null, cpuProfDir: prof || undefined });
console.log("boot ms", Date.now() - t0);
try {
  const { webhookUrl } = await createStripeFlow(app, SECRET, { paused: process.env.OFF === "1" });
  for (let i = 0; i < Number(process.argv[4] ?? 2); i++) {
    const r = await runLoad({ url: webhookUrl, connections: 50, bodyBytes: 1024, warmupS: 0, durationS: 5, secret: SECRET, idPrefix: `x${i}_` });
    console.log(JSON.stringify(r.measured));
  }
  console.log(await countRows(app.databaseUrl));
} finally {
  console.log(app.log().slice(-3000));
  await app.stop();
  if (pgDb) await dropDatabase(pgDb.name);
  killAllChildren();
}
