// Writes the V8 code caches of the CLI bundles (dist/cli/*.cjs.cache) with a warm-up lint of JSON and YAML
// manifests and the shipped examples, so the caches hold the functions a typical run compiles.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function warmUp(root) {
  const work = mkdtempSync(join(tmpdir(), "mrap-guard-build-"));
  try {
    writeFileSync(
      join(work, "warm-up.mrap.json"),
      JSON.stringify({
        AccountId: "111122223333",
        MultiRegionAccessPoint: {
          Name: "warm-up",
          PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
          Regions: [{ Bucket: "warm-up-use1", Region: "us-east-1" }, { Bucket: "warm-up-euw1", Region: "eu-west-1" }],
        },
      }),
    );
    writeFileSync(join(work, "warm-up.mrap.yaml"), 'AccountId: "111122223333"\nMultiRegionAccessPoint:\n  Name: warm-up\n  Regions:\n    - Bucket: warm-up-use1\n      Region: us-east-1\n');
    cpSync(join(root, "examples"), join(work, "examples"), { recursive: true });
    execFileSync(process.execPath, [join(root, "bin/mrap-guard.cjs"), "lint", "warm-up.mrap.json", "warm-up.mrap.yaml", "examples"], {
      cwd: work,
      env: { ...process.env, MRAP_GUARD_WRITE_CODE_CACHE: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
  } catch (error) {
    // The warm-up lint exits 1 on findings; anything else is a broken build.
    if (error.status !== 1) throw error;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
