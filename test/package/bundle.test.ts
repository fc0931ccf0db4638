// The CLI bundles in dist/cli are committed, so that a checkout runs without devDependencies (the pre-commit hook
// and the GitHub Action install from the repository). This keeps them in sync: what HEAD holds must be exactly
// what HEAD's sources build to.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";

const root = join(import.meta.dirname, "..", "..");
const BUNDLES = ["mrap-guard.cjs", "parse-yaml.cjs"];

function committed(path: string): Buffer | undefined {
  const shown = spawnSync("git", ["show", `HEAD:${path}`], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  return shown.status === 0 ? shown.stdout : undefined;
}

function changedSinceHead(paths: string[]): string[] {
  const out = execFileSync("git", ["status", "--porcelain", "--", ...paths], { cwd: root, encoding: "utf8" });
  return out.split("\n").filter((line) => line.trim() !== "");
}

const inGit = spawnSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: root, encoding: "utf8" }).stdout.trim() === "true";

function bundleInto(out: string, cwd: string): void {
  const script = `import(${JSON.stringify(join(root, "scripts/bundle.mjs"))}).then((m) => m.bundleCli(${JSON.stringify(root)}, ${JSON.stringify(out)}))`;
  execFileSync(process.execPath, ["-e", script], { cwd, stdio: ["ignore", "ignore", "inherit"] });
}

describe("committed CLI bundle", { skip: inGit ? false : "not a git checkout" }, () => {
  const dirs: string[] = [];
  const temp = () => {
    const dir = mkdtempSync(join(tmpdir(), "mrap-guard-bundle-"));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("dist/cli in HEAD holds what HEAD's sources build to (else: run `npm run build` and commit dist/cli)", (t) => {
    const dirty = changedSinceHead(["src", "rules", "schemas", "package.json", "package-lock.json", "scripts/bundle.mjs"]);
    if (dirty.length > 0 && process.env["CI"] !== "true") {
      // Uncommitted sources cannot be compared with HEAD's bundle; CI runs this on a clean clone.
      t.skip(`uncommitted sources (${dirty.length} paths): the check needs a clean checkout`);
      return;
    }
    const out = temp();
    bundleInto(out, root);
    for (const name of BUNDLES) {
      const head = committed(`dist/cli/${name}`);
      assert.ok(head, `dist/cli/${name} is not committed`);
      assert.ok(readFileSync(join(out, name)).equals(head), `dist/cli/${name} in HEAD differs from what the sources build to: run \`npm run build\` and commit dist/cli`);
    }
  });

  it("builds the same bytes from any working directory", () => {
    const here = temp();
    const elsewhere = temp();
    bundleInto(here, root);
    bundleInto(elsewhere, tmpdir());
    for (const name of BUNDLES) assert.ok(readFileSync(join(here, name)).equals(readFileSync(join(elsewhere, name))), `${name} depends on where it is built`);
  });
});
