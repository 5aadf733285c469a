// The image's production node_modules (Dockerfile, prod-deps stage), after `npm prune --omit=dev`:
// removes every package that production code cannot load. npm keeps "devOptional" packages (needed
// by a dev package, and by a production one only optionally), so typescript, the prisma CLI,
// playwright... stay because something names them as an optional peer. This walks the lockfile from
// package.json's dependencies along dependencies, optionalDependencies and non-optional peers (Node's
// resolution: nearest node_modules up the tree) and deletes the installed packages it never reaches.
//   node prod-modules.mjs [--keep <package>]... [--dry-run]
import fs from "node:fs";

const args = process.argv.slice(2);
const dry = args.includes("--dry-run");
const keep = args.flatMap((a, i) => (args[i - 1] === "--keep" ? [`node_modules/${a}`] : []));
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages;
const root = lock[""];

/** The lockfile path a package at `from` gets for `name`: from/node_modules/name, then up the tree. */
function resolve(from, name) {
  for (let dir = from; ;) {
    const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
    if (lock[candidate]) return candidate;
    if (!dir) return null;
    const i = dir.lastIndexOf("/node_modules/");
    dir = i < 0 ? "" : dir.slice(0, i);
  }
}

const reached = new Set(keep);
const queue = Object.keys({ ...root.dependencies, ...root.optionalDependencies })
  .map((n) => resolve("", n))
  .filter(Boolean);
while (queue.length) {
  const p = queue.pop();
  if (reached.has(p)) continue;
  reached.add(p);
  const m = lock[p];
  const optionalPeer = (n) => m.peerDependenciesMeta?.[n]?.optional;
  const names = [
    ...Object.keys(m.dependencies ?? {}),
    ...Object.keys(m.optionalDependencies ?? {}),
    ...Object.keys(m.peerDependencies ?? {}).filter((n) => !optionalPeer(n)),
  ];
  for (const n of names) {
    const r = resolve(p, n);
    if (r && !reached.has(r)) queue.push(r);
  }
}

let removed = 0;
for (const p of Object.keys(lock)) {
  if (!p.startsWith("node_modules/") || reached.has(p) || !fs.existsSync(p)) continue;
  removed++;
  if (dry) console.log(p);
  else fs.rmSync(p, { recursive: true, force: true });
}
console.log(
  `[prod-modules] ${reached.size} packages reachable from production dependencies; ${removed} removed${dry ? " (dry run)" : ""}`,
);
