/**
 * scripts/new-rule.ts (`npm run new-rule -- <namespace>/<name>`), run into temporary roots with a temporary
 * catalog: it never writes into this checkout's rules/ during the test.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, it } from "node:test";
import { DEFAULT_CATALOG, newRule, NewRuleError, parseCatalog } from "../../scripts/new-rule.js";
import { ruleDocsUrl } from "../../src/engine/define-rule.js";
import type { RuleModule } from "../../src/engine/types.js";

const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const temporary = mkdtempSync(join(tmpdir(), "mrap-guard-new-rule-"));
after(() => rmSync(temporary, { recursive: true, force: true }));

const CATALOG = `# Rule catalog

## policy: any S3 resource policy (MRAP, access point, bucket)

| id | sev | what | facts |
| --- | --- | --- | --- |
| policy/version | warning | Version missing | §6.6 |
| policy/new-check | warning | a new policy check | §6.6 |

## mrap: the MRAP configuration (manifest)

| id | sev | what | facts |
| --- | --- | --- | --- |
| mrap/new-check | error/warning | a new manifest check | §2.1 |

## access-analyzer: IAM Access Analyzer (network; off unless enabled)

| id | sev | what | facts |
| --- | --- | --- | --- |
| access-analyzer/new-check | by findingType | a new Access Analyzer check | §6.1 |

## Live state (network; used by plan/apply and \`--live\`)

| id | sev | what | facts |
| --- | --- | --- | --- |
| mrap/live-check | error | a new live-state check | §5.4 |
`;
const catalog = join(temporary, "rules.md");
writeFileSync(catalog, CATALOG);

let roots = 0;
/** An empty checkout whose src/ is this one's, so a generated rule can be imported. */
function freshRoot(): string {
  const dir = join(temporary, `root-${roots++}`);
  mkdirSync(join(dir, "rules"), { recursive: true });
  symlinkSync(join(root, "src"), join(dir, "src"));
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  return dir;
}

function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

describe("new-rule", () => {
  it("looks for the catalog where test/meta/rules.test.ts does", () => {
    assert.equal(DEFAULT_CATALOG, join(root, "..", "shared", "design", "rules.md"));
  });

  it("reads the catalog's rows with their section", () => {
    const entries = parseCatalog(CATALOG);
    assert.deepEqual([...entries.keys()].sort(), ["access-analyzer/new-check", "mrap/live-check", "mrap/new-check", "policy/new-check", "policy/version"]);
    assert.deepEqual(entries.get("mrap/new-check"), { id: "mrap/new-check", severity: "error/warning", what: "a new manifest check", facts: "§2.1", section: "mrap: the MRAP configuration (manifest)" });
  });

  it("lists every id of the real catalog, when it is beside the repository", { skip: existsSync(DEFAULT_CATALOG) ? false : "rules.md not beside the repo" }, () => {
    const ids = [...parseCatalog(readFileSync(DEFAULT_CATALOG, "utf8")).keys()];
    assert.ok(ids.includes("policy/version") && ids.includes("core/parse-error") && ids.includes("access-analyzer/validate-policy"), ids.join(", "));
  });

  for (const [id, expected] of [
    ["policy/new-check", { severity: "warning", appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"], requiresNetwork: undefined }],
    ["mrap/new-check", { severity: "error", appliesTo: ["manifest"], requiresNetwork: undefined }],
    ["access-analyzer/new-check", { severity: "error", appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"], requiresNetwork: "accessAnalyzer" }],
    ["mrap/live-check", { severity: "error", appliesTo: ["manifest"], requiresNetwork: "live" }],
  ] as const) {
    it(`writes ${id}: the rule, its doc beside it and its test table, in the shapes the meta tests check`, async () => {
      const dir = freshRoot();
      const result = newRule(id, { root: dir, catalog });
      const [namespace, name] = id.split("/") as [string, string];
      const [codeFile, docFile, testFile] = [join(dir, "rules", namespace, `${name}.ts`), join(dir, "rules", namespace, `${name}.md`), join(dir, "test", "rules", namespace, `${name}.test.ts`)];
      const files = [codeFile, docFile, testFile];
      assert.deepEqual(result.files, files);
      for (const file of files) assert.ok(existsSync(file), file);

      const code = readFileSync(codeFile, "utf8");
      const kit = existsSync(join(root, "src", "engine", "rule-kit.ts")) ? "../../src/engine/rule-kit.js" : "../../src/engine/define-rule.js";
      assert.deepEqual([...code.matchAll(/from "([^"]+)"/g)].map((m) => m[1]), [kit], "a rule reaches the engine only through the rule kit");
      const networkKit = expected.requiresNetwork !== undefined && existsSync(join(root, "src", "engine", "rule-kit.ts")) && readFileSync(join(root, "src", "engine", "rule-kit.ts"), "utf8").includes("export function defineNetworkRule");
      assert.ok(code.includes(`export default ${networkKit ? "defineNetworkRule" : "defineRule"}({`), "network rules use the kit's defineNetworkRule when it has one");
      const rule = ((await import(pathToFileURL(codeFile).href)) as { default: RuleModule }).default;
      assert.equal(rule.id, id);
      assert.equal(rule.meta.docs.url, ruleDocsUrl(id));
      assert.match(rule.meta.docs.description, /^[A-Z][^]*[^.]$/);
      assert.equal(rule.meta.severity, expected.severity);
      assert.deepEqual(rule.meta.appliesTo, expected.appliesTo);
      assert.equal(rule.meta.requiresNetwork, expected.requiresNetwork);
      assert.equal(typeof (expected.requiresNetwork ? rule.checkAsync : rule.check), "function");
      for (const [messageId, template] of Object.entries(rule.meta.messages)) {
        assert.match(messageId, /^[a-z][a-zA-Z0-9]*$/);
        assert.ok(template.length > 10);
      }

      const doc = readFileSync(docFile, "utf8");
      assert.equal(doc.split("\n")[0], `# ${id}`);
      assert.equal(doc.split("\n\n")[1]?.trim(), `${rule.meta.docs.description}.`);
      assert.deepEqual([...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]), ["Rule Details", "Options", "When Not To Use It", "Further Reading"]);
      assert.match(doc, /^```yaml incorrect/m);
      assert.match(doc, /^```yaml correct/m);
      assert.match(doc, /\]\(https:\/\//);

      // Rules and their docs are shipped: like test/meta/links.test.ts, no mention of the design notes.
      for (const file of [codeFile, docFile]) assert.doesNotMatch(readFileSync(file, "utf8"), /aws-facts|shared\/design|(?<![\w./-])(?:product|rules|style|toolchain)\.md\b/, file);

      const test = readFileSync(testFile, "utf8");
      assert.ok(test.includes(`import rule from "../../../rules/${id}.js";`));
      assert.ok(test.includes('from "../../helpers/rule-tester.js"'));
      assert.match(test, /valid: \[[^]*invalid: \[[^]*messageId: "todo"/);
    });
  }

  it("with --dry-run names the files and writes nothing", () => {
    const dir = freshRoot();
    const result = newRule("policy/new-check", { root: dir, catalog, dryRun: true });
    assert.equal(result.files.length, 3);
    assert.deepEqual(listing(join(dir, "rules")), []);
  });

  const refusals: [string, string, RegExp][] = [
    ["an id the catalog does not list", "policy/not-in-catalog", /not in the rule catalog/],
    ["an id that already exists", "policy/version", /already exists: rules\/policy\/version\.ts/],
    ["a name that is not kebab-case (capitals)", "policy/NewCheck", /name "NewCheck" is not kebab-case/],
    ["a name that is not kebab-case (underscore)", "policy/new_check", /not kebab-case/],
    ["a name that is not kebab-case (double hyphen)", "policy/new--check", /not kebab-case/],
    ["a name that is not kebab-case (trailing hyphen)", "policy/new-check-", /not kebab-case/],
    ["a namespace that is not kebab-case", "Policy/new-check", /namespace "Policy" is not kebab-case/],
    ["an id without a namespace", "new-check", /not a rule id/],
    ["an id with a path", "policy/new/check", /not a rule id/],
    ["a rule in utils/", "utils/new-check", /not a namespace/],
    ["an engine (core) rule", "core/new-check", /registered by hand/],
  ];
  for (const [what, id, message] of refusals) {
    it(`refuses ${what} (${id}) and writes nothing`, () => {
      // policy/version exists in this checkout: check against it, writing nowhere.
      const dir = id === "policy/version" ? root : freshRoot();
      assert.throws(() => newRule(id, { root: dir, catalog, dryRun: dir === root }), (error: unknown) => error instanceof NewRuleError && message.test(error.message));
      if (dir !== root) assert.deepEqual(listing(join(dir, "rules")), []);
    });
  }

  it("refuses an id whose file exists in the target root, and never overwrites", () => {
    const dir = freshRoot();
    mkdirSync(join(dir, "test", "rules", "policy"), { recursive: true });
    writeFileSync(join(dir, "test", "rules", "policy", "new-check.test.ts"), "// someone's work\n");
    assert.throws(() => newRule("policy/new-check", { root: dir, catalog }), /already exists: test\/rules\/policy\/new-check\.test\.ts/);
    assert.deepEqual(listing(join(dir, "rules")), []);
    assert.equal(readFileSync(join(dir, "test", "rules", "policy", "new-check.test.ts"), "utf8"), "// someone's work\n");
  });

  it("refuses when the catalog is missing", () => {
    assert.throws(() => newRule("policy/new-check", { root: freshRoot(), catalog: join(temporary, "missing.md") }), /catalog .* is missing/);
  });

  it("runs from the command line: exit 0 and the next steps, exit 1 with the reason on stderr", () => {
    const dir = freshRoot();
    const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", "new-rule.ts"), ...args], { cwd: root, encoding: "utf8" });
    const ok = run("mrap/new-check", "--root", dir, "--catalog", catalog);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /rules\/mrap\/new-check\.ts[^]*npm run generate/);
    const again = run("mrap/new-check", "--root", dir, "--catalog", catalog);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /^new-rule: "mrap\/new-check" already exists/);
    const usage = run("--root", dir);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /usage: npm run new-rule -- <namespace>\/<name>/);
  });

  it("wrote none of its rules into this checkout", () => {
    // (Other work may change rules/ meanwhile, so this looks for the test's own names only.)
    const written = listing(join(root, "rules")).filter((path) => /(?:new|live)-check\./.test(path));
    assert.deepEqual(written, []);
    assert.ok(!existsSync(join(root, "test", "rules", "policy", "new-check.test.ts")));
  });
});
