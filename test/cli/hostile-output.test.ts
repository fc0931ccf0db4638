import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { jsonMessages, runCli } from "../helpers/cli.js";

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

  it("--max-findings-per-file caps the report, not the exit code; a bad value is a usage error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mrap-guard-hostile-"));
    try {
      const actions = Array.from({ length: 5 }, (_, i) => `s3:NoSuchAction${i}`);
      const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: actions, Resource: "arn:aws:s3:::b/*" }] };
      writeFileSync(join(dir, "p.json"), JSON.stringify(policy, null, 2));
      const run = await runCli(["lint", "--kind", "bucket-policy", "--format", "github", "--max-findings-per-file", "2", "p.json"], { cwd: dir });
      assert.equal(run.code, 1);
      const lines = run.stdout.trimEnd().split("\n");
      assert.equal(lines.length, 3);
      assert.match(lines[2]!, /^::warning file=p\.json,title=mrap-guard::\d+ more findings? in this file not shown \(at most 2 per file: --max-findings-per-file\)$/);
      const bad = await runCli(["lint", "--max-findings-per-file", "0", "p.json"], { cwd: dir });
      assert.equal(bad.code, 2);
      assert.equal(bad.stderr, 'mrap-guard: --max-findings-per-file needs a whole number from 1 to 999999999 (got "0")\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a message quotes at most 1,000 characters of a long action, ending in …", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mrap-guard-hostile-"));
    try {
      const action = `s3:${"G".repeat(5000)}`;
      const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: [action], Resource: "arn:aws:s3:::b/*" }] };
      writeFileSync(join(dir, "p.json"), JSON.stringify(policy));
      const run = await runCli(["lint", "--kind", "bucket-policy", "--format", "json", "p.json"], { cwd: dir });
      assert.equal(run.code, 1);
      const messages = jsonMessages(run.stdout);
      assert.deepEqual(
        messages.map((m) => [m.ruleId, m.message]),
        [["policy/action-exists", `Action "${action.slice(0, 1000)}…" is not an action of the "s3" service, so it grants or denies nothing; check the name in the Service Authorization Reference.`]],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
