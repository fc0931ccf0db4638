import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCli } from "../helpers/cli.js";

describe("hostile output on stderr", { timeout: 30_000 }, () => {
  it("a rule id that holds a workflow command, ESC and U+202E is one escaped line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mrap-guard-hostile-"));
    try {
      const ruleId = "x\n::error file=forged.yaml,line=1::FORGED\u001b[2J\u202E";
      writeFileSync(join(dir, "mrap-guard.config.json"), JSON.stringify({ rules: { [ruleId]: "error" } }));
      writeFileSync(join(dir, "p.json"), "{}");
      const run = await runCli(["lint", "--kind", "bucket-policy", "p.json"], { cwd: dir });
      assert.equal(run.code, 2);
      assert.equal(run.stdout, "");
      assert.equal(
        run.stderr,
        'mrap-guard: config error: mrap-guard.config.json:1:11: unknown rule "x ::error file=forged.yaml,line=1::FORGED\\u001b[2J\\u202e"\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
