/**
 * No import cycles: the file-level graph of relative imports in src/, rules/ and schemas/ (static imports and
 * re-exports, type-only ones included, and dynamic `import()`) has no cycle. Imports run one way
 * (product.md, "Architecture: layers and the direction of imports"), inside a layer too.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The file a relative specifier names: `./x.js` is `./x.ts` in this source tree. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  const path = resolve(dirname(from), specifier);
  const candidates = [path, path.replace(/\.js$/, ".ts"), path.replace(/\.mjs$/, ".mts"), `${path}.ts`, join(path, "index.ts")];
  return candidates.find((candidate) => candidate.endsWith("ts") && existsSync(candidate));
}

function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    // TypeScript's own scanner: import/export … from (type-only too), import "…" and import("…"), not comments or strings.
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = new Set<string>();
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith("./") && !fileName.startsWith("../")) continue;
      const target = resolveSpecifier(file, fileName);
      if (target !== undefined) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** Tarjan's strongly connected components; each component of more than one file (or a file importing itself) holds a cycle. */
function tangles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
}

/** One cycle through the first file of a component, by breadth-first search back to it: `a → b → a`. */
function cycleThrough(graph: ReadonlyMap<string, readonly string[]>, component: readonly string[]): string[] {
  const members = new Set(component);
  const start = component[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of graph.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

const name = (file: string): string => relative(root, file).split("\\").join("/");

describe("import cycles", () => {
  const files = ["src", "rules", "schemas"].flatMap((dir) => sources(join(root, dir)));
  const graph = importGraph(files);

  it("reads the import graph", () => {
    const edges = [...graph.values()].reduce((sum, targets) => sum + targets.length, 0);
    assert.ok(files.length > 100 && edges > files.length, `${files.length} files, ${edges} imports`);
    // A dynamic import and a type-only import are edges too.
    assert.ok(graph.get(join(root, "src/index.ts"))?.includes(join(root, "src/apply/index.ts")), "src/index.ts → src/apply/index.ts (import())");
    assert.ok(graph.get(join(root, "src/engine/targets.ts"))?.includes(join(root, "src/engine/types.ts")), "src/engine/targets.ts → src/engine/types.ts (import type)");
  });

  it("finds a cycle when there is one", () => {
    const a = join(root, "a.ts");
    const b = join(root, "b.ts");
    const c = join(root, "c.ts");
    const cyclic = new Map([[a, [b]], [b, [c]], [c, [a]]]);
    assert.deepEqual(tangles(cyclic).map((component) => cycleThrough(cyclic, component).map(name)), [["a.ts", "b.ts", "c.ts", "a.ts"]]);
    assert.deepEqual(tangles(new Map([[a, [b]], [b, [c]], [c, []]])), []);
  });

  it("has none in src/, rules/ and schemas/", () => {
    const cycles = tangles(graph).map((component) => cycleThrough(graph, component).map(name).join(" → "));
    assert.deepEqual(cycles, []);
  });
});
