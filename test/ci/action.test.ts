// The GitHub Action (action.yml): its steps run as the runner would run them (test/ci/action-runner.ts), with
// GITHUB_ACTION_PATH at a copy of this repository (its git-tracked and not-ignored files as they are in the
// working tree, committed CLI bundles included) where the install step's `npm ci --omit=dev` runs, lifecycle
// scripts and all, against npm's local cache only (npm_config_offline=true).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Log } from "sarif";
import { parse } from "yaml";
import { evaluate, parseOutputFile, readAction, runAction } from "./action-runner.js";
import type { ActionFile, ActionRun, RunOptions } from "./action-runner.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const action = readAction(join(root, "action.yml"));
const TEST_TIMEOUT = 180_000;

let scratch = "";
let actionPath = "";

/** A copy of the repository as a checkout of the action holds it (the CLI bundles are committed). */
function copyRepository(target: string): void {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" });
  for (const file of listed.split("\0")) {
    if (file === "" || !existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(root, file), join(target, file));
  }
  assert.ok(existsSync(join(target, "dist", "cli", "mrap-guard.cjs")), "dist/cli/mrap-guard.cjs is not in git");
}

before(() => {
  scratch = mkdtempSync(join(tmpdir(), "mrap-guard-action-"));
  actionPath = join(scratch, "_actions", "mrap-guard", "mrap-guard", "v0.1.0");
  copyRepository(actionPath);
});
after(() => rmSync(scratch, { recursive: true, force: true }));

const examples = join(root, "examples");

/** A user's workspace: the clean example MRAP (manifest and its policies), plus the broken one if asked. */
function workspace(options: { broken?: boolean } = {}): string {
  const dir = mkdtempSync(join(scratch, "workspace-"));
  cpSync(join(examples, "orders-global.mrap.yaml"), join(dir, "orders-global.mrap.yaml"));
  cpSync(join(examples, "policies"), join(dir, "policies"), { recursive: true });
  if (options.broken) {
    mkdirSync(join(dir, "broken"));
    cpSync(join(examples, "broken", "orders-broken.mrap.yaml"), join(dir, "broken", "orders-broken.mrap.yaml"));
  }
  return dir;
}

function run(dir: string, inputs: Record<string, string> = {}, extra: Partial<RunOptions> = {}): ActionRun {
  const runnerTemp = mkdtempSync(join(scratch, "runner-temp-"));
  return runAction(action, { actionPath, workspace: dir, runnerTemp, inputs, timeoutMs: 120_000, ...extra });
}

function step(result: ActionRun, id: string) {
  const found = result.steps.find((s) => s.id === id);
  assert.ok(found, `no step with id ${id}`);
  return found;
}

function readSarif(file: string): Log {
  return JSON.parse(readFileSync(file, "utf8")) as Log;
}

const ANNOTATION = /^::(error|warning|notice) file=([^,]*),line=(\d+),col=\d+,endLine=\d+,endColumn=\d+,title=([^:]+)::(.*)$/;

describe("action.yml", () => {
  it("is a composite action whose run: scripts contain no expressions and that uses no other action", () => {
    assert.equal(action.runs.using, "composite");
    assert.deepEqual(action.runs.steps.map((s) => s.name), ["Install mrap-guard", "Lint with mrap-guard"]);
    for (const s of action.runs.steps) {
      assert.equal(s.uses, undefined, `${s.name} uses ${s.uses}`);
      assert.ok(!s.run!.includes("${{"), `${s.name}'s run: holds an expression`);
    }
    assert.deepEqual(Object.keys(action.outputs ?? {}).sort(), ["exit-code", "sarif-file"]);
  });

  it("installs the runtime dependencies with npm ci --omit=dev, once per checkout", { timeout: TEST_TIMEOUT }, () => {
    rmSync(join(actionPath, "node_modules"), { recursive: true, force: true });
    const first = run(workspace());
    const install = first.steps[0]!;
    assert.equal(install.status, "success", install.stdout + install.stderr);
    assert.match(install.stdout, /^::group::Install mrap-guard \(npm ci --omit=dev\)$/m);
    assert.match(install.stdout, /^added \d+ packages/m);
    assert.match(install.stdout, /^0\.1\.0$/m, "the installed CLI prints its version");
    assert.ok(existsSync(join(actionPath, "node_modules", "yaml")));
    assert.equal(existsSync(join(actionPath, "node_modules", "typescript")), false, "devDependencies are not installed");
    const second = run(workspace()).steps[0]!;
    assert.equal(second.status, "success");
    assert.match(second.stdout, /dependencies already installed/);
    assert.doesNotMatch(second.stdout, /::group::/);
  });

  it("passes a clean tree: exit 0, an empty SARIF report written, outputs set", { timeout: TEST_TIMEOUT }, () => {
    const dir = workspace();
    const result = run(dir);
    assert.deepEqual(result.skipped, []);
    assert.deepEqual(result.steps.map((s) => [s.name, s.status]), [["Install mrap-guard", "success"], ["Lint with mrap-guard", "success"]], result.steps.map((s) => s.stderr).join("\n"));
    assert.equal(result.failed, false);
    assert.deepEqual(result.outputs, { "sarif-file": "mrap-guard.sarif", "exit-code": "0" });
    const sarif = readSarif(join(dir, "mrap-guard.sarif"));
    assert.equal(sarif.version, "2.1.0");
    assert.equal(sarif.runs[0]!.tool.driver.name, "mrap-guard");
    assert.deepEqual(sarif.runs[0]!.results, []);
    const lint = step(result, "lint");
    assert.doesNotMatch(lint.stdout, /^::(error|warning|notice) /m);
    assert.match(step(result, "lint").stdout, /SARIF report written to mrap-guard\.sarif/);
  });

  it("fails on a broken manifest with exit 1 after writing the SARIF report, and annotates each finding", { timeout: TEST_TIMEOUT }, () => {
    const dir = workspace({ broken: true });
    const result = run(dir);
    const lint = step(result, "lint");
    assert.equal(lint.status, "failure");
    assert.equal(lint.exitCode, 1, lint.stderr);
    assert.equal(result.failed, true);
    assert.deepEqual(result.outputs, { "sarif-file": "mrap-guard.sarif", "exit-code": "1" });

    const annotations = lint.stdout.split("\n").filter((line) => line.startsWith("::error ") || line.startsWith("::warning ") || line.startsWith("::notice "));
    assert.ok(annotations.length >= 5, lint.stdout);
    const annotated = annotations.map((line) => {
      const match = ANNOTATION.exec(line);
      assert.ok(match, `not an annotation: ${line}`);
      assert.equal(match[2], "broken/orders-broken.mrap.yaml");
      return `${match[4]}@${match[3]}`;
    });
    assert.ok(annotated.includes("mrap/name-format@4"), annotated.join(", "));

    const results = readSarif(join(dir, "mrap-guard.sarif")).runs[0]!.results ?? [];
    const reported = results.map((r) => {
      const location = r.locations![0]!.physicalLocation!;
      assert.equal(location.artifactLocation!.uri, "broken/orders-broken.mrap.yaml");
      return `${r.ruleId}@${location.region!.startLine}`;
    });
    assert.deepEqual(reported.sort(), [...annotated].sort());
  });

  it("prints the stylish report instead of annotations when annotations is false", { timeout: TEST_TIMEOUT }, () => {
    const dir = workspace({ broken: true });
    const result = run(dir, { annotations: "false", "sarif-file": "" });
    const lint = step(result, "lint");
    assert.equal(lint.exitCode, 1, lint.stderr);
    assert.doesNotMatch(lint.stdout, /^::/m);
    assert.match(lint.stdout, /^broken\/orders-broken\.mrap\.yaml$/m);
    assert.match(lint.stdout, /^\s+4:9\s+error\s/m);
    assert.match(lint.stdout, /mrap\/name-format/);
    assert.deepEqual(result.outputs, { "sarif-file": "", "exit-code": "1" });
    assert.equal(existsSync(join(dir, "mrap-guard.sarif")), false);
  });

  it("exits 2 on a bad fail-on and leaves no SARIF report, not even an earlier one", { timeout: TEST_TIMEOUT }, () => {
    const dir = workspace({ broken: true });
    writeFileSync(join(dir, "mrap-guard.sarif"), "{}");
    const result = run(dir, { "fail-on": "bogus" });
    const lint = step(result, "lint");
    assert.equal(lint.exitCode, 2);
    assert.match(lint.stderr, /--fail-on must be error, warning or info \(got "bogus"\)/);
    assert.equal(existsSync(join(dir, "mrap-guard.sarif")), false);
    assert.deepEqual(result.outputs, { "sarif-file": "", "exit-code": "2" });
  });

  it("exits 2 when args try to choose the format or output file", { timeout: TEST_TIMEOUT }, () => {
    const result = run(workspace(), { args: "--format json" });
    const lint = step(result, "lint");
    assert.equal(lint.exitCode, 2);
    assert.match(lint.stdout, /^::error title=mrap-guard::args must not set --format/m);
  });

  it("runs nothing that inputs hold: shell metacharacters are data", { timeout: TEST_TIMEOUT }, () => {
    const dir = workspace();
    const planted = [dir, actionPath, scratch];
    const pwned = () => planted.flatMap((base) => readdirSync(base, { recursive: true, encoding: "utf8" }).filter((name) => /pwned/.test(name) && !/[$`]/.test(name)));

    const result = run(dir, { paths: "$(touch pwned)" });
    const lint = step(result, "lint");
    assert.equal(lint.exitCode, 2);
    assert.match(lint.stderr, /no such file or directory: \$\(touch/);
    assert.deepEqual(pwned(), []);

    // A SARIF path with substitutions in it is a file name like any other.
    const odd = "report-$(touch pwned-sarif)-`touch pwned-tick`.sarif";
    const again = run(dir, { "sarif-file": odd, args: "--quiet;touch${IFS}pwned-args", annotations: "false" });
    assert.equal(step(again, "lint").exitCode, 2, "an unknown option (--quiet;touch…) is a usage error");
    const third = run(dir, { "sarif-file": odd, config: "$(touch pwned-config)" });
    assert.equal(step(third, "lint").exitCode, 2, step(third, "lint").stderr);
    const fourth = run(dir, { "sarif-file": odd });
    assert.equal(step(fourth, "lint").exitCode, 0, step(fourth, "lint").stderr);
    assert.equal(fourth.outputs["sarif-file"], odd);
    assert.ok(existsSync(join(dir, odd)));
    assert.deepEqual(pwned(), []);
  });
});

describe("the README's CI recipes", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  interface WorkflowStep { uses?: string; run?: string; if?: string; with?: Record<string, string> }
  interface Workflow { jobs: Record<string, { permissions?: Record<string, string>; steps: WorkflowStep[] }> }

  it("uses the action with declared inputs and uploads its SARIF report even when the lint fails", () => {
    const block = blocks.find((text) => text.includes("uses: mrap-guard/mrap-guard@"));
    assert.ok(block, "no workflow in the README uses the action");
    const workflow = parse(block) as Workflow;
    const job = Object.values(workflow.jobs)[0]!;
    assert.equal(job.permissions?.["security-events"], "write");
    const index = job.steps.findIndex((s) => s.uses?.startsWith("mrap-guard/mrap-guard@"));
    const uses = job.steps[index]!;
    assert.equal(uses.uses, `mrap-guard/mrap-guard@v${(JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version}`);
    for (const key of Object.keys(uses.with ?? {})) assert.ok(action.inputs?.[key], `the README passes ${key}, which action.yml does not declare`);
    const upload = job.steps.slice(index + 1).find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    assert.ok(upload, "no upload-sarif step after the action");
    assert.equal(upload.if, "always()");
    assert.equal(upload.with?.sarif_file, uses.with?.["sarif-file"] ?? action.inputs?.["sarif-file"]?.default);
  });

  it("has a GitLab job that keeps the JUnit report it writes, also when the job fails", () => {
    const block = blocks.find((text) => text.includes(".gitlab-ci.yml"));
    assert.ok(block, "no GitLab job in the README");
    const job = Object.values(parse(block) as Record<string, { image: string; script: string[]; artifacts: { when: string; reports: { junit: string } } }>)[0]!;
    assert.equal(job.image, "node:20");
    const lint = job.script.find((line) => line.includes("mrap-guard lint"));
    assert.ok(lint !== undefined && lint.includes("--format junit"), "the GitLab job does not lint with --format junit");
    assert.equal(/-o (\S+)/.exec(lint)?.[1], job.artifacts.reports.junit);
    assert.equal(job.artifacts.when, "always");
  });
});

describe("the test's action runner", () => {
  const tiny: ActionFile = {
    name: "t",
    description: "t",
    inputs: { who: { default: "world" } },
    outputs: { said: { value: "${{ steps.say.outputs.said }}" } },
    runs: {
      using: "composite",
      steps: [
        { id: "say", shell: "bash", env: { WHO: "${{ inputs.who }}" }, run: 'echo "said=hello $WHO" >> "$GITHUB_OUTPUT"; exit 3' },
        { name: "Upload", uses: "github/codeql-action/upload-sarif@v3", if: "always()", with: { sarif_file: "${{ steps.say.outputs.said }}.sarif" } },
        { name: "After", shell: "bash", run: "echo unreachable" },
      ],
    },
  };

  it("skips uses: steps with a note, honours always() and skips later steps after a failure", () => {
    const dir = mkdtempSync(join(tmpdir(), "mrap-guard-runner-"));
    try {
      const result = runAction(tiny, { actionPath: dir, workspace: dir, runnerTemp: dir, inputs: { who: "you" } });
      assert.deepEqual(result.steps.map((s) => s.status), ["failure", "skipped", "skipped"]);
      assert.equal(result.steps[0]!.exitCode, 3);
      assert.deepEqual(result.outputs, { said: "hello you" });
      assert.deepEqual(result.skipped, ['Upload: uses github/codeql-action/upload-sarif@v3 with {"sarif_file":"hello you.sarif"} (not run by the test)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses expressions it does not understand, undeclared inputs and expressions in run:", () => {
    const context = { action: tiny, inputs: {}, actionPath: "/a", steps: new Map<string, Record<string, string>>() };
    assert.equal(evaluate("inputs.who", context), "world");
    assert.equal(evaluate(" github.action_path ", context), "/a");
    assert.throws(() => evaluate("inputs.nobody", context), /declares no input nobody/);
    for (const expression of ["github.token", "secrets.X", "format('{0}', inputs.who)", "inputs.who == 'x'", "success()", "env.HOME"]) {
      assert.throws(() => evaluate(expression, context), /not one the test's evaluator understands/, expression);
    }
    const injected: ActionFile = { ...tiny, runs: { using: "composite", steps: [{ shell: "bash", run: "echo ${{ inputs.who }}" }] } };
    assert.throws(() => runAction(injected, { actionPath: "/a", workspace: "/", runnerTemp: tmpdir() }), /run: script contains an expression/);
  });

  it("reads GITHUB_OUTPUT lines and heredoc blocks", () => {
    assert.deepEqual(parseOutputFile("a=1\nb=x=y\nc<<EOF\nline 1\nline 2\nEOF\n"), { a: "1", b: "x=y", c: "line 1\nline 2" });
    assert.throws(() => parseOutputFile("c<<EOF\nnever closed\n"), /no closing delimiter/);
  });
});
