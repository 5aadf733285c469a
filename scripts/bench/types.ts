// What a bench section is and what it hands back. scripts/bench.ts runs the sections in order
// (or the ones named with --only), prints each one's table and target lines, and writes them to
// docs/benchmarks.md. Add a section: a module under scripts/bench/ exporting a `Section`, listed
// in scripts/bench.ts.

export type BenchOptions = {
  /** Seconds of load before each measurement (answers counted for bookkeeping, not for figures). */
  warmupS: number;
  /** Seconds of measured load per scenario. */
  durationS: number;
  /** Write a V8 CPU profile of the app process (perturbs the figures; for finding where time goes). */
  cpuProf: boolean;
  /** Also run the diagnostic scenarios (they explain the figures; no targets). */
  diagnose: boolean;
  /** Only these databases (null = every one reachable); for iterating, not for the published table. */
  dbs: string[] | null;
  /** Only the scenario the targets are about (c=50, 1 KB); for iterating. */
  targetOnly: boolean;
  log: (line: string) => void;
};

export type Table = { columns: string[]; rows: string[][] };

/** A speed target: printed as PASS/MISS, never fails the process. `pass: null` = not measured. */
export type Target = { text: string; pass: boolean | null };

export type SectionResult = {
  table: Table;
  targets: Target[];
  /** Extra lines printed under the table (bookkeeping checks, how the figures were taken). */
  notes: string[];
};

export type Section = {
  /** What --only takes. */
  name: string;
  title: string;
  run(opts: BenchOptions): Promise<SectionResult>;
};
