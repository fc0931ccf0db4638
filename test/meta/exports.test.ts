/**
 * The package's entry points: every "exports", "main", "types" and "bin" target of package.json is a file the
 * build produces (checked against the source that builds it, so no build is needed: src/*.ts → dist/src/*.js and
 * .d.ts, schemas/*.schema.ts → schemas/json/*.json, the committed bin/ launcher and its dist/cli bundle), and is
 * in the package's "files". And the library's public names (src/index.ts) are exactly the lists below: adding,
 * renaming or dropping an export is an API change, so it has to change this test too.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { describe, it } from "node:test";
import picomatch from "picomatch";
import ts from "typescript";
import { generate } from "../../scripts/generate-schemas.js";

const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

/** Values src/index.ts exports (what `import * as guard from "mrap-guard"` has at run time). */
const VALUES = [
  "ConfigError",
  "DOCUMENT_KINDS",
  "GuardInputError",
  "MrapGuardRefusedError",
  "ServiceError",
  "UsageError",
  "applyManifest",
  "formatters",
  "guardedCreateMultiRegionAccessPoint",
  "guardedPutAccessPointPolicy",
  "guardedPutMultiRegionAccessPointPolicy",
  "guardedSubmitMultiRegionAccessPointRoutes",
  "lint",
  "lintText",
  "mrapGuardPlugin",
  "planManifest",
  "rules",
  "validateCommandInput",
];

/** Types (and interfaces) src/index.ts exports, erased at run time. */
const TYPES = [
  "AccessAnalyzerService",
  "CheckResult",
  "CommandInputValidation",
  "ConfigFile",
  "DocumentKind",
  "Finding",
  "FindingData",
  "GuardLogger",
  "GuardOptions",
  "GuardResult",
  "GuardStatus",
  "GuardedOperation",
  "LintApiOptions",
  "LintMessage",
  "LintResult",
  "LiveMrap",
  "LiveMrapPolicy",
  "LiveSnapshot",
  "LiveStateService",
  "Manifest",
  "ManifestOptions",
  "ManifestOutcome",
  "ManifestPlan",
  "ManifestStatus",
  "ManifestStep",
  "MrapGuardPluggable",
  "MrapGuardPluginOptions",
  "NetworkServices",
  "PathElement",
  "Plan",
  "PolicyDocument",
  "RuleMeta",
  "RuleModule",
  "Severity",
  "ValidateCommandInputOptions",
  "ValidatePolicyFinding",
];

interface PackageJson {
  main?: string;
  types?: string;
  bin?: string | Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  files: string[];
}
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageJson;
const build = JSON.parse(readFileSync(join(root, "tsconfig.build.json"), "utf8")) as { include: string[] };
const base = JSON.parse(readFileSync(join(root, "tsconfig.json"), "utf8")) as { compilerOptions: { outDir: string; rootDir: string; declaration: boolean } };

const clean = (target: string) => posix.normalize(target).replace(/^\.\//, "");

/** Every (where, target) pair: "exports" with its conditions, main, types and bin. */
function targets(): [string, string][] {
  const out: [string, string][] = [];
  for (const [subpath, value] of Object.entries(pkg.exports)) {
    if (typeof value === "string") out.push([`exports["${subpath}"]`, value]);
    else for (const [condition, target] of Object.entries(value)) out.push([`exports["${subpath}"].${condition}`, target]);
  }
  if (pkg.main) out.push(["main", pkg.main]);
  if (pkg.types) out.push(["types", pkg.types]);
  const bin = typeof pkg.bin === "string" ? { bin: pkg.bin } : (pkg.bin ?? {});
  for (const [name, target] of Object.entries(bin)) out.push([`bin["${name}"]`, target]);
  return out;
}

function gitTracked(path: string): boolean {
  try {
    return execFileSync("git", ["ls-files", "--error-unmatch", path], { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).length > 0;
  } catch {
    return !existsSync(join(root, ".git")) && existsSync(join(root, path)); // not a git checkout (an unpacked tarball)
  }
}

/** What produces a target: the source it compiles from, a generated file, or a committed file. */
function producedBy(target: string): string {
  const path = clean(target);
  const compiled = /^dist\/(.+)\.(js|d\.ts)$/.exec(path);
  if (compiled) {
    // tsc -p tsconfig.build.json: outDir dist, rootDir ".", so dist/<dir>/<name>.js comes from <dir>/<name>.ts.
    assert.equal(clean(base.compilerOptions.outDir), "dist");
    assert.equal(clean(base.compilerOptions.rootDir), ".");
    if (compiled[2] === "d.ts") assert.ok(base.compilerOptions.declaration, "declarations are emitted");
    const source = `${compiled[1]}.ts`;
    assert.ok(build.include.some((dir) => source.startsWith(`${clean(dir)}/`)), `${source} is outside tsconfig.build.json's include (${build.include.join(", ")})`);
    assert.ok(existsSync(join(root, source)), `${path} is built from ${source}, which does not exist`);
    return source;
  }
  if (path.startsWith("schemas/json/")) {
    // npm run generate writes them (scripts/generate-schemas.ts); test/meta/generated.test.ts keeps them current.
    const generated = [...generate().keys()].map((file) => `schemas/${file}`).filter((file) => file.startsWith("schemas/json/"));
    const matches = path.includes("*") ? generated.filter((file) => picomatch.isMatch(file, path)) : generated.filter((file) => file === path);
    assert.ok(matches.length > 0, `${path} matches no file scripts/generate-schemas.ts writes (${generated.join(", ")})`);
    for (const file of matches) assert.ok(existsSync(join(root, file)), `${file} is not committed (run npm run generate)`);
    return "scripts/generate-schemas.ts";
  }
  if (path === "package.json") return path;
  if (path.startsWith("bin/")) {
    assert.ok(gitTracked(path), `${path} is not committed`);
    const launcher = readFileSync(join(root, path), "utf8");
    assert.match(launcher, /^#!\/usr\/bin\/env node\n/, `${path} starts with a node shebang`);
    // The launcher runs the committed bundle (test/package/bundle.test.ts keeps it equal to what the sources build).
    const bundle = /join\(__dirname, "\.\.", "dist", "cli", "([^"]+\.cjs)"\)/.exec(launcher)?.[1];
    assert.ok(bundle, `${path} names no dist/cli bundle`);
    assert.ok(gitTracked(`dist/cli/${bundle}`), `dist/cli/${bundle} is not committed (npm run build, then commit dist/cli/*.cjs)`);
    return `dist/cli/${bundle}`;
  }
  assert.fail(`${path}: no known way to produce it; teach test/meta/exports.test.ts`);
}

/** Whether `npm pack` would include the path, by package.json's "files" (npm always includes package.json). */
function packed(path: string): boolean {
  if (path === "package.json") return true;
  return pkg.files.some((entry) => {
    const pattern = clean(entry);
    return path === pattern || path.startsWith(`${pattern}/`) || picomatch.isMatch(path, pattern);
  });
}

describe("package.json entry points", () => {
  const all = targets();

  it("has the entry points this test knows", () => {
    assert.ok(all.some(([where]) => where === 'exports["."].default'), "exports['.']");
    assert.ok(all.some(([where]) => where.startsWith("bin[")), "bin");
  });

  for (const [where, target] of all) {
    it(`${where} → ${target} is produced by the build and in the package`, () => {
      assert.ok(target.startsWith("./") || where.startsWith("bin[") || where === "main" || where === "types", `${where} must be relative ("./…")`);
      const from = producedBy(target);
      assert.ok(packed(clean(target)), `${clean(target)} is not in package.json "files"`);
      if (from.startsWith("dist/")) assert.ok(packed(from), `${from}, which ${clean(target)} runs, is not in package.json "files"`);
    });
  }

  it('"main" and "types" agree with exports["."]', () => {
    const dot = pkg.exports["."];
    assert.ok(dot && typeof dot === "object");
    assert.equal(clean(pkg.main ?? ""), clean(dot["default"] ?? dot["import"] ?? ""));
    assert.equal(clean(pkg.types ?? ""), clean(dot["types"] ?? ""));
  });

  it("every subpath export that compiles from src/ has its declarations beside it", () => {
    for (const [subpath, value] of Object.entries(pkg.exports)) {
      if (typeof value !== "object") continue;
      const code = value["default"] ?? value["import"];
      if (!code || !clean(code).startsWith("dist/src/")) continue;
      assert.equal(clean(value["types"] ?? ""), clean(code).replace(/\.js$/, ".d.ts"), `exports["${subpath}"].types`);
      assert.ok(Object.keys(value)[0] === "types", `exports["${subpath}"]: "types" must come first (TypeScript reads conditions in order)`);
    }
  });
});

describe("src/index.ts public names", () => {
  it("exports exactly the listed values at run time", async () => {
    const module = (await import("../../src/index.js")) as Record<string, unknown>;
    assert.deepEqual(Object.keys(module).sort(), [...VALUES].sort(), "a value export changed: update VALUES (and the README's Library section) on purpose");
  });

  it("exports exactly the listed values and types", () => {
    const file = join(root, "src", "index.ts");
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: ["node"],
      skipLibCheck: true,
      resolveJsonModule: true,
      noEmit: true,
    });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(file);
    assert.ok(source);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    assert.ok(moduleSymbol);
    const names = checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.name);
    assert.deepEqual(names.sort(), [...VALUES, ...TYPES].sort(), "an export changed: update VALUES/TYPES on purpose");
  });

  it("lists nothing twice", () => {
    const listed = [...VALUES, ...TYPES];
    assert.equal(new Set(listed).size, listed.length);
  });
});

describe("src/ entry modules", () => {
  it("every src/*.ts that package.json exports exists, and no export points into a folder of src/", () => {
    const top = readdirSync(join(root, "src")).filter((name) => name.endsWith(".ts"));
    for (const [, target] of targets()) {
      const path = clean(target);
      if (!path.startsWith("dist/src/")) continue;
      assert.ok(!path.slice("dist/src/".length).includes("/"), `${path}: export a top-level entry module (src/<name>.ts), not a file inside a layer`);
      assert.ok(top.includes(path.slice("dist/src/".length).replace(/\.(?:d\.ts|js)$/, ".ts")), path);
    }
  });
});
