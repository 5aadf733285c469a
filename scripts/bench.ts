// `npm run bench [-- --only ingest] [--duration 8] [--warmup 2] [--cpu-prof] [--diagnose] [--no-write]`
//   --cpu-prof   V8 CPU profile of the app during the target scenario; prints where the time goes
//   --diagnose   extra diagnostic scenarios (e.g. ingest with the flow paused, executor idle)
//   --no-write   print only; leave docs/benchmarks.md alone
//   --db sqlite|pg   one database only; --target-only   only the c=50 1 KB scenario (both for iterating)
//
// Runs the bench sections in order (or the ones named with --only), prints each one's table,
// its targets as PASS/MISS and its notes, and rewrites each section's block in
// docs/benchmarks.md with the date and the machine. A missed target never fails the process (the
// figures depend on the machine); a section that crashes does. Speed targets live here only,
// never in a timed unit test.
//
// A section is a module under scripts/bench/ exporting a `Section` (scripts/bench/types.ts);
// list it in SECTIONS.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { editor } from "./bench/editor";
import { engine } from "./bench/engine";
import { footprint } from "./bench/footprint";
import { ingest } from "./bench/ingest";
import { runs } from "./bench/runs";
import type { BenchOptions, Section, SectionResult, Table } from "./bench/types";
import { ROOT, killAllChildren } from "./bench/util";

const SECTIONS: Section[] = [ingest, engine, editor, runs, footprint];

const DOC = path.join(ROOT, "docs/benchmarks.md");

function parseArgs(argv: string[]) {
  const opts = {
    only: null as string[] | null,
    warmupS: 2,
    durationS: 8,
    cpuProf: false,
    diagnose: false,
    write: true,
    dbs: null as string[] | null,
    targetOnly: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--only" || a.startsWith("--only="))
      opts.only = value()
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    else if (a === "--duration" || a.startsWith("--duration=")) opts.durationS = Number(value());
    else if (a === "--warmup" || a.startsWith("--warmup=")) opts.warmupS = Number(value());
    else if (a === "--cpu-prof") opts.cpuProf = true;
    else if (a === "--diagnose") opts.diagnose = true;
    else if (a === "--no-write") opts.write = false;
    else if (a === "--db" || a.startsWith("--db="))
      opts.dbs = value()
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    else if (a === "--target-only") opts.targetOnly = true;
    else if (a === "--help" || a === "-h") {
      console.log(
        `usage: npm run bench -- [--only ${SECTIONS.map((s) => s.name).join(",")}] [--duration S] [--warmup S] [--cpu-prof] [--diagnose] [--no-write] [--db sqlite|pg] [--target-only]`,
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!(opts.durationS > 0 && opts.durationS <= 60)) throw new Error("--duration must be 1-60 seconds");
  if (!(opts.warmupS >= 0 && opts.warmupS <= 30)) throw new Error("--warmup must be 0-30 seconds");
  const unknown = (opts.only ?? []).filter((n) => !SECTIONS.some((s) => s.name === n));
  if (unknown.length)
    throw new Error(`unknown section ${unknown.join(", ")}; sections: ${SECTIONS.map((s) => s.name).join(", ")}`);
  return opts;
}

function machine(): string {
  const cpu = os.cpus()[0]?.model?.trim() ?? "unknown CPU";
  return `\`nproc\` = ${os.availableParallelism()} (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
}

function renderTable(t: Table): string[] {
  const widths = t.columns.map((c, i) => Math.max(c.length, ...t.rows.map((r) => (r[i] ?? "").length)));
  // Right-align the columns of figures (every cell starts with a digit).
  const numeric = t.columns.map((_, i) => t.rows.length > 0 && t.rows.every((r) => /^\d/.test(r[i] ?? "")));
  const cell = (s: string, i: number) => (numeric[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  return [
    `| ${t.columns.map(cell).join(" | ")} |`,
    `|${widths.map((w, i) => (numeric[i] ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`,
    ...t.rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ];
}

function renderSection(s: Section, r: SectionResult, when: string): string[] {
  return [
    `## ${s.title}`,
    "",
    `Measured ${when} on ${machine()}.`,
    "",
    ...renderTable(r.table),
    "",
    ...r.targets.map((t) => `- ${t.text} **${t.pass === null ? "NOT MEASURED" : t.pass ? "PASS" : "MISS"}**`),
    "",
    "```text",
    ...r.notes,
    "```",
  ];
}

function writeDoc(blocks: Map<string, string[]>) {
  let doc = fs.existsSync(DOC)
    ? fs.readFileSync(DOC, "utf8")
    : [
        "# Benchmarks",
        "",
        "Produced by `npm run bench` (all sections) or `npm run bench -- --only <section>`; each run rewrites",
        "the blocks of the sections it ran. Speed targets live in the bench only (never in a timed test):",
        "a missed target prints MISS and does not fail the run. The figures depend on the machine, which",
        "each block names.",
        "",
      ].join("\n");
  for (const [name, lines] of blocks) {
    const start = `<!-- bench:${name}:start -->`;
    const end = `<!-- bench:${name}:end -->`;
    const block = `${start}\n${lines.join("\n")}\n${end}`;
    const a = doc.indexOf(start);
    const b = doc.indexOf(end);
    doc = a >= 0 && b > a ? doc.slice(0, a) + block + doc.slice(b + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  }
  fs.writeFileSync(DOC, doc.endsWith("\n") ? doc : `${doc}\n`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const sections = SECTIONS.filter((s) => !args.only || args.only.includes(s.name));
  const opts: BenchOptions = {
    warmupS: args.warmupS,
    durationS: args.durationS,
    cpuProf: args.cpuProf,
    diagnose: args.diagnose,
    dbs: args.dbs,
    targetOnly: args.targetOnly,
    log: (l) => console.log(l),
  };
  const when = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  console.log(`Hookline bench ${when}: ${sections.map((s) => s.name).join(", ")} on ${machine().replace(/`/g, "")}`);
  const started = Date.now();
  const blocks = new Map<string, string[]>();
  let crashed = false;
  for (const s of sections) {
    console.log(`\n== ${s.title}`);
    const t0 = Date.now();
    try {
      const r = await s.run(opts);
      const lines = renderSection(s, r, when);
      console.log(
        `\n${lines
          .filter((l) => !l.startsWith("```"))
          .join("\n")
          .replace(/\*\*/g, "")}`,
      );
      console.log(`(${s.name}: ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      blocks.set(s.name, lines);
    } catch (e) {
      crashed = true;
      console.error(`[bench] section ${s.name} failed: ${(e as Error).stack ?? e}`);
    }
  }
  if (args.write && blocks.size > 0) {
    writeDoc(blocks);
    console.log(`\nwrote ${path.relative(ROOT, DOC)} (${[...blocks.keys()].join(", ")})`);
  }
  console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  killAllChildren();
  process.exit(crashed ? 1 : 0);
}

process.on("exit", killAllChildren);
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    killAllChildren();
    process.exit(130);
  });
}

await main();
