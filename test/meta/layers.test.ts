/**
 * The architecture's direction of imports (product.md, "Architecture: layers and the direction of imports"):
 * every relative import in src/, rules/ and schemas/ goes to its own layer or one the table allows.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

type Layer = "document" | "schemas" | "iam" | "mrap" | "inputs" | "engine" | "rules" | "aws" | "apply" | "formatters" | "cli" | "eslint" | "api";

const ALLOWED: Record<Layer, readonly Layer[]> = {
  document: [],
  schemas: [],
  iam: ["document"],
  mrap: ["iam", "document"],
  inputs: ["document", "iam", "mrap"],
  engine: ["document", "schemas", "iam", "mrap", "inputs"],
  // Of the engine, only the rule kit (see RULE_KIT below); nothing of src/document but through it.
  rules: ["engine", "schemas", "iam", "mrap"],
  aws: ["engine", "document", "iam", "mrap"],
  apply: ["engine", "aws", "document", "schemas", "iam", "mrap"],
  formatters: ["engine"],
  cli: ["document", "schemas", "iam", "mrap", "inputs", "engine", "rules", "aws", "apply", "formatters", "api"],
  eslint: ["engine", "rules", "document", "iam", "mrap", "inputs"],
  api: ["document", "schemas", "iam", "mrap", "inputs", "engine", "rules", "aws", "apply", "formatters"],
};

/** The one engine module rules/ may import. */
const RULE_KIT = "src/engine/rule-kit.ts";

function layerOf(path: string): Layer {
  const rel = relative(root, path).split("\\").join("/");
  const inSrc = /^src\/(document|iam|mrap|inputs|engine|aws|apply|formatters|cli|eslint)\//.exec(rel);
  if (inSrc) return inSrc[1] as Layer;
  if (rel.startsWith("rules/")) return "rules";
  if (rel.startsWith("schemas/")) return "schemas";
  // src/index.ts, src/network.ts, src/version.ts: the public library API.
  return "api";
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^;]*?from\s+["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

describe("layers", () => {
  const files = ["src", "rules", "schemas"].flatMap((dir) => sources(join(root, dir)));

  it("finds the layers' files", () => {
    const seen = new Set(files.map(layerOf));
    for (const layer of ["document", "iam", "mrap", "inputs", "engine", "rules", "aws", "apply", "formatters", "cli", "api"] as const) assert.ok(seen.has(layer), layer);
  });

  it("imports only downwards", () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
        const to = layerOf(resolve(dirname(file), match[1] ?? match[2] ?? ""));
        if (to !== from && !ALLOWED[from].includes(to)) wrong.push(`${relative(root, file)} (${from}) imports ${match[1] ?? match[2]} (${to})`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it("rules/ reach the engine only through the rule kit", () => {
    const wrong: string[] = [];
    for (const file of files) {
      const rel = relative(root, file).split("\\").join("/");
      if (layerOf(file) !== "rules") continue;
      for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
        const target = relative(root, resolve(dirname(file), match[1] ?? match[2] ?? "")).split("\\").join("/").replace(/\.js$/, ".ts");
        if (layerOf(join(root, target)) === "engine" && target !== RULE_KIT) wrong.push(`${rel} imports ${match[1] ?? match[2]}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
