/**
 * The offline path never loads the AWS SDK (it would cost ~290 ms of start-up, toolchain.md): checked on the
 * built CLI and the built library by listing the CommonJS modules loaded when the process exits.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

const repo = new URL("../..", import.meta.url).pathname;
const built = existsSync(join(repo, "dist", "cli", "mrap-guard.cjs")) && existsSync(join(repo, "dist", "src", "index.js"));
const preload = join(mkdtempSync(join(tmpdir(), "mrap-guard-lazy-")), "count-sdk.cjs");
writeFileSync(preload, 'process.on("exit", () => process.stderr.write("aws-sdk modules: " + Object.keys(require.cache).filter((k) => k.includes("@aws-sdk")).length + "\\n"));\n');

function sdkModules(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const run = spawnSync(process.execPath, ["-r", preload, ...args], { cwd: repo, encoding: "utf8", env: { ...process.env, ...env, AWS_EC2_METADATA_DISABLED: "true" } });
  const match = /aws-sdk modules: (\d+)/.exec(run.stderr);
  assert.ok(match, run.stderr);
  return Number(match[1]);
}

describe("the AWS SDK stays lazy", { skip: built ? false : "dist/ not built (npm run build)" }, () => {
  it("is not loaded by an offline lint (CLI and library)", () => {
    assert.equal(sdkModules([join(repo, "bin", "mrap-guard.cjs"), "lint", "examples/"]), 0);
    assert.equal(sdkModules(["--input-type=module", "-e", `const { lint } = await import(${JSON.stringify(join(repo, "dist", "src", "index.js"))}); await lint(["examples/"]);`]), 0);
  });

  it("is loaded once a run asks for Access Analyzer", () => {
    // An endpoint nothing listens on: the calls fail (as core/service-error) but the SDK had to load.
    const env = { AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "secret", AWS_REGION: "us-east-1", AWS_ENDPOINT_URL_ACCESSANALYZER: "http://127.0.0.1:9" };
    const config = join(mkdtempSync(join(tmpdir(), "mrap-guard-lazy-")), "mrap-guard.config.json");
    writeFileSync(config, JSON.stringify({ accessAnalyzer: { maxAttempts: 1 } }));
    assert.ok(sdkModules([join(repo, "bin", "mrap-guard.cjs"), "lint", "--access-analyzer", "--no-cache", "--config", config, "examples/orders-global.mrap.yaml"], env) > 0);
  });
});
