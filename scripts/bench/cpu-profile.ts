// Where a V8 CPU profile (node --cpu-prof) spent its time: self time by function and by area
// (code location), and inclusive time of the named functions of the ingest path.
import fs from "node:fs";
import path from "node:path";

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** The .cpuprofile files in `dir`, biggest first. */
export function profilesBySize(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f));
  return files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
}

/** The biggest .cpuprofile in `dir` (the server's; start.mjs and the migration run write small ones). */
export function biggestProfile(dir: string): string | null {
  return profilesBySize(dir)[0] ?? null;
}

function area(f: CallFrame): string {
  const u = f.url;
  if (!u) return f.functionName.startsWith("(") ? f.functionName : "(native)";
  if (u.startsWith("node:"))
    return u
      .replace(/^node:internal\//, "node:")
      .split("/")
      .slice(0, 2)
      .join("/");
  const nm = u.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = u.slice(nm + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (u.includes("/.next/server/")) return "next build output (.next/server)";
  if (/hookline-(server|roles)\.mjs$|\/hookline-chunks\//.test(u)) return "hookline-server.mjs (lib/*, bundled)";
  return u.replace(/^file:\/\//, "");
}

export type ProfileSummary = {
  totalMs: number;
  byArea: [string, number][];
  byFunction: [string, number][];
  inclusive: [string, number][];
};

/**
 * `window`: only the samples between `fromEndS` and `toEndS` seconds before the profile's end
 * (the load, not the boot or the shutdown).
 */
export function summarizeProfile(
  file: string,
  top = 20,
  watch: string[] = [],
  window?: { fromEndS: number; toEndS: number },
): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const from = window ? p.endTime - window.fromEndS * 1e6 : -Infinity;
  const to = window ? p.endTime - window.toEndS * 1e6 : Infinity;
  let t = p.startTime;
  let totalUs = 0;
  p.samples.forEach((id, i) => {
    const d = p.timeDeltas[i] ?? 0;
    t += d;
    if (t < from || t > to) return;
    self.set(id, (self.get(id) ?? 0) + d);
    totalUs += d;
  });
  const totalMs = totalUs / 1000;

  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    areas.set(area(f), (areas.get(area(f)) ?? 0) + us);
    const key =
      `${f.functionName || "(anonymous)"} ${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : ""}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
  }

  // Inclusive time of watched function names (counted once per stack even when recursive).
  const incl = new Map<string, number>(watch.map((w) => [w, 0]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = byId.get(cur)!.callFrame.functionName;
      if (incl.has(name) && !seen.has(name)) {
        seen.add(name);
        incl.set(name, incl.get(name)! + us);
      }
    }
  }
  const sort = (m: Map<string, number>) =>
    [...m].map(([k, v]) => [k, v / 1000] as [string, number]).sort((a, b) => b[1] - a[1]);
  return { totalMs, byArea: sort(areas).slice(0, top), byFunction: sort(fns).slice(0, top), inclusive: sort(incl) };
}

export function formatProfile(s: ProfileSummary, what = "the app's server process"): string[] {
  const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1).padStart(5)}%`;
  const lines = [`CPU profile of ${what}: ${(s.totalMs / 1000).toFixed(1)} s of samples while under load`];
  lines.push("  self time by area:");
  for (const [k, ms] of s.byArea) lines.push(`    ${pct(ms)}  ${k}`);
  lines.push("  self time by function:");
  for (const [k, ms] of s.byFunction) lines.push(`    ${pct(ms)}  ${k}`);
  if (s.inclusive.length) {
    lines.push("  inclusive time of ingest-path functions:");
    for (const [k, ms] of s.inclusive) lines.push(`    ${pct(ms)}  ${k}`);
  }
  return lines;
}
