// GET /api/health - database reachability, executor mode, and whether this instance holds the
// executor lease (engine.holdsLease: it drives the runs; false = standby; null with an external Inngest)
import { NextResponse } from "next/server";
import { executorStatus } from "@/lib/background";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function GET() {
  let db: "ok" | "error" = "ok";
  try {
    await (await getDb()).$queryRawUnsafe("SELECT 1");
  } catch {
    db = "error";
  }
  const ok = db === "ok";
  return NextResponse.json({ ok, db, engine: executorStatus() }, { status: ok ? 200 : 503 });
}
