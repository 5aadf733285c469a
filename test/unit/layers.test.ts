// The layers point down (README, "Layout"): app → components → lib. Read from the imports of every
// source file (the TypeScript parser, `@/` resolved to the repo root), four rules:
//  - lib/engine imports nothing from lib/executor (the flow function runs unchanged on a real
//    Inngest, where the embedded executor does not run; the raw SQL both use is lib/sql);
//  - lib imports neither components nor app;
//  - the browser's code (components, app/**/*-client.tsx, lib/queries) never reaches server-only
//    code, directly or through what it imports (type-only imports are erased and do not count);
//  - lib has no import circle (type-only imports count: a circle of types is still a circle).
// Each rule is a function of the graph, also checked here against a small planted graph.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;

type Edge = { to: string; typeOnly: boolean };
type Graph = Map<string, Edge[]>;
type Module = { edges: Edge[]; serverOnlyMark: boolean };

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = `${dir}/${name}`;
    if (rel === "lib/generated") continue;
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (SOURCE.test(name) && !name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

const builtins = new Set(builtinModules);
const isBuiltin = (spec: string) => spec.startsWith("node:") || builtins.has(spec.split("/")[0]!);

/** A repo path for a local specifier (`@/x`, `./x`), `node:<name>` for a builtin, null for a package. */
function resolve(from: string, spec: string, known: Record<string, string>): string | null {
  if (isBuiltin(spec)) return spec.startsWith("node:") ? spec : `node:${spec}`;
  let base: string;
  if (spec.startsWith("@/")) base = spec.slice(2);
  else if (spec.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  else return null;
  for (const candidate of [base, ...[".ts", ".tsx", ".mjs", ".js", "/index.ts", "/index.tsx"].map((x) => base + x)]) {
    const file = path.join(root, candidate);
    if (candidate in known || (existsSync(file) && statSync(file).isFile())) return candidate;
  }
  return `${base} (unresolved)`;
}

/** Every import, export-from, dynamic import() and require() of one file. */
function parseModule(file: string, text: string, known: Record<string, string>): Module {
  const sf = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    false,
    file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const edges: Edge[] = [];
  let serverOnlyMark = false;
  const add = (spec: string, typeOnly: boolean) => {
    if (spec === "server-only") serverOnlyMark = true;
    const to = resolve(file, spec, known);
    if (to) edges.push({ to, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named =
        clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(
        node.moduleSpecifier.text,
        node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)),
      );
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]!)) {
      const dynamic =
        node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require");
      if (dynamic) add((node.arguments[0] as ts.StringLiteral).text, false);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      add(node.argument.literal.text, true); // `typeof import("…")`
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { edges, serverOnlyMark };
}

function buildGraph(files: Record<string, string>): { graph: Graph; marked: Set<string> } {
  const graph: Graph = new Map();
  const marked = new Set<string>();
  for (const [file, text] of Object.entries(files)) {
    const m = parseModule(file, text, files);
    graph.set(file, m.edges);
    if (m.serverOnlyMark) marked.add(file);
  }
  return { graph, marked };
}

const inLib = (f: string) => f.startsWith("lib/");
const isUi = (f: string) =>
  f.startsWith("components/") || /^app\/.*-client\.tsx$/.test(f) || f.startsWith("lib/queries/");
/** Server-only by itself: marked `import "server-only"`, a builtin, or the database, env and executor modules. */
const serverOnlyItself = (f: string, marked: Set<string>) =>
  marked.has(f) ||
  f.startsWith("node:") ||
  f === "lib/db.ts" ||
  f === "lib/env.ts" ||
  f.startsWith("lib/executor/") ||
  f.startsWith("lib/sql/");

const rules = {
  engineImportsExecutor(graph: Graph): string[] {
    return [...graph].flatMap(([f, edges]) =>
      f.startsWith("lib/engine/")
        ? edges.filter((e) => e.to.startsWith("lib/executor/")).map((e) => `${f} → ${e.to}`)
        : [],
    );
  },
  libImportsUi(graph: Graph): string[] {
    return [...graph].flatMap(([f, edges]) =>
      inLib(f)
        ? edges.filter((e) => e.to.startsWith("components/") || e.to.startsWith("app/")).map((e) => `${f} → ${e.to}`)
        : [],
    );
  },
  /** Each browser file that reaches server-only code by value imports, with the path that does. */
  uiReachesServer(graph: Graph, marked: Set<string>): string[] {
    const found: string[] = [];
    for (const start of [...graph.keys()].filter(isUi)) {
      const seen = new Map<string, string | null>([[start, null]]);
      const queue = [start];
      while (queue.length > 0) {
        const f = queue.shift()!;
        if (serverOnlyItself(f, marked)) {
          const trail = [f];
          for (let p = seen.get(f); p; p = seen.get(p)) trail.unshift(p);
          found.push(trail.join(" → "));
          break;
        }
        for (const e of graph.get(f) ?? []) {
          if (e.typeOnly || seen.has(e.to)) continue;
          seen.set(e.to, f);
          queue.push(e.to);
        }
      }
    }
    return found;
  },
  /** Import circles among lib's files (each reported once, from its smallest file name). */
  libCycles(graph: Graph): string[] {
    const cycles = new Set<string>();
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, "open");
      stack.push(f);
      for (const { to } of graph.get(f) ?? []) {
        if (!inLib(to) || !graph.has(to)) continue;
        if (state.get(to) === "open") {
          const ring = stack.slice(stack.indexOf(to));
          const first = ring.indexOf([...ring].sort()[0]!);
          const rotated = [...ring.slice(first), ...ring.slice(0, first)];
          cycles.add([...rotated, rotated[0]].join(" → "));
        } else if (!state.has(to)) visit(to);
      }
      stack.pop();
      state.set(f, "done");
    };
    for (const f of [...graph.keys()].filter(inLib).sort()) if (!state.has(f)) visit(f);
    return [...cycles];
  },
};

describe("the repository's layers", () => {
  const files = Object.fromEntries(
    ["app", "components", "lib"].flatMap(sourceFiles).map((f) => [f, readFileSync(path.join(root, f), "utf8")]),
  );
  const { graph, marked } = buildGraph(files);

  it("reads a graph of the real size (the walker found the files and their imports)", () => {
    expect(graph.size).toBeGreaterThan(300);
    expect(graph.get("lib/engine/book.ts")!.map((e) => e.to)).toContain("lib/sql/exec-sql.ts");
    expect([...graph.values()].flat().filter((e) => e.to.endsWith("(unresolved)"))).toEqual([]);
  });

  it("lib/engine imports nothing from lib/executor", () => {
    expect(rules.engineImportsExecutor(graph)).toEqual([]);
  });

  it("lib imports neither components nor app", () => {
    expect(rules.libImportsUi(graph)).toEqual([]);
  });

  it("the browser's code never reaches server-only code", () => {
    expect(rules.uiReachesServer(graph, marked)).toEqual([]);
  });

  it("lib has no import circle", () => {
    expect(rules.libCycles(graph)).toEqual([]);
  });
});

describe("each rule catches a planted violation", () => {
  const planted = buildGraph({
    "lib/engine/a.ts": 'import type { X } from "@/lib/executor/sql";',
    "lib/executor/sql.ts": 'import "server-only";',
    "lib/flows/b.ts": 'import { Canvas } from "@/components/canvas/canvas";\nexport { c } from "./c";',
    "lib/flows/c.ts": 'import type { B } from "./b";',
    "lib/api/helper.ts": 'export * from "./deep";',
    "lib/api/deep.ts": 'import { readFileSync } from "node:fs";',
    "lib/api/types.ts": 'import type { Db } from "@/lib/db";',
    "components/canvas/canvas.tsx":
      'import { helper } from "@/lib/api/helper";\nimport type { T } from "@/lib/api/types";',
    "app/(app)/x/x-client.tsx": 'const m = await import("@/lib/executor/sql");',
  });

  it("lib/engine → lib/executor (a type import counts)", () => {
    expect(rules.engineImportsExecutor(planted.graph)).toEqual(["lib/engine/a.ts → lib/executor/sql.ts"]);
  });

  it("lib → components", () => {
    expect(rules.libImportsUi(planted.graph)).toEqual(["lib/flows/b.ts → components/canvas/canvas.tsx"]);
  });

  it("components → server-only code through lib, and a dynamic import from a *-client page; a type import does not count", () => {
    expect(rules.uiReachesServer(planted.graph, planted.marked)).toEqual([
      "components/canvas/canvas.tsx → lib/api/helper.ts → lib/api/deep.ts → node:fs",
      "app/(app)/x/x-client.tsx → lib/executor/sql.ts",
    ]);
  });

  it("a circle in lib, of types too", () => {
    expect(rules.libCycles(planted.graph)).toEqual(["lib/flows/b.ts → lib/flows/c.ts → lib/flows/b.ts"]);
  });
});
