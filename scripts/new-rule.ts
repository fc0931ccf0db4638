/**
 * Scaffolds a rule: `npm run new-rule -- <namespace>/<name>` writes rules/<namespace>/<name>.ts (the code),
 * rules/<namespace>/<name>.md (its doc page) and test/rules/<namespace>/<name>.test.ts (its test table), in the
 * shapes the existing rules use. Rule ids are a public contract, so it refuses an id that the catalog
 * (shared/design/rules.md, found beside the repository as test/meta/rules.test.ts finds it) does not list, an
 * id that already has any of the three files, and names that are not kebab-case. It never overwrites a file.
 *
 * Options: --root <dir> writes into (and checks for existing rules in) another checkout or a temporary copy;
 * --catalog <path> reads another rules.md; --dry-run prints the paths without writing.
 * The registry (rules/index.ts) and the README's rule table are generated: run `npm run generate` afterwards.
 * The files it writes are shipped, so they name no design note (test/meta/links.test.ts checks that).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Where test/meta/rules.test.ts looks for the catalog: shared/design/rules.md beside the repository. */
export const DEFAULT_CATALOG = join(repoRoot, "..", "shared", "design", "rules.md");

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const POLICY_KINDS = ["mrap-policy", "access-point-policy", "bucket-policy"] as const;
const SEVERITIES = ["error", "warning", "info"] as const;
type Severity = (typeof SEVERITIES)[number];
type Network = "accessAnalyzer" | "live" | undefined;

export class NewRuleError extends Error {}

export interface CatalogEntry {
  id: string;
  /** The catalog's "sev" column as written ("error", "error/warning", "by findingType"). */
  severity: string;
  /** The catalog's "what" column. */
  what: string;
  /** The catalog's "facts" column (section numbers in aws-facts.md), if any. */
  facts: string;
  /** The H2 heading the row is under. */
  section: string;
}

/** Every rule row of rules.md: `| ns/name | sev | what | facts |`, with the section heading it is under. */
export function parseCatalog(markdown: string): Map<string, CatalogEntry> {
  const entries = new Map<string, CatalogEntry>();
  let section = "";
  for (const line of markdown.split("\n")) {
    if (line.startsWith("## ")) section = line.slice(3).trim();
    const cells = /^\|(.*)\|\s*$/.exec(line)?.[1]?.split("|").map((cell) => cell.trim());
    if (!cells || !/^[a-z0-9-]+\/[a-z0-9-]+$/.test(cells[0] ?? "")) continue;
    const [id, severity = "", what = "", facts = ""] = cells as [string, ...string[]];
    entries.set(id, { id, severity, what, facts, section });
  }
  return entries;
}

export interface NewRuleOptions {
  /** The checkout to write into (default: this repository). */
  root?: string;
  /** The rule catalog (default: DEFAULT_CATALOG). */
  catalog?: string;
  dryRun?: boolean;
}

export interface NewRuleResult {
  id: string;
  /** Absolute paths of the files written (or that would be written with dryRun). */
  files: string[];
}

/** Checks the id and writes the three files; throws NewRuleError (nothing written) when it refuses. */
export function newRule(id: string, options: NewRuleOptions = {}): NewRuleResult {
  const root = resolve(options.root ?? repoRoot);
  const catalogPath = resolve(options.catalog ?? DEFAULT_CATALOG);
  const parts = id.split("/");
  if (parts.length !== 2) throw new NewRuleError(`"${id}" is not a rule id: write <namespace>/<name>, for example policy/no-wildcard-action`);
  const [namespace, name] = parts as [string, string];
  for (const [what, part] of [["namespace", namespace], ["name", name]] as const) {
    if (!KEBAB.test(part)) throw new NewRuleError(`the ${what} "${part}" is not kebab-case: lowercase letters and digits, words joined by single hyphens, starting with a letter (for example no-wildcard-action)`);
  }
  if (namespace === "utils") throw new NewRuleError('rules/utils/ holds rule-specific helpers, not rules: "utils" is not a namespace');
  if (namespace === "core") throw new NewRuleError("core/ rules are the engine's own findings: they have no check of their own and are registered by hand in rules/core/index.ts");
  if (!existsSync(catalogPath)) throw new NewRuleError(`the rule catalog ${catalogPath} is missing, so "${id}" cannot be checked against it (rule ids are a public contract); pass --catalog <path to rules.md>`);
  const entry = parseCatalog(readFileSync(catalogPath, "utf8")).get(id);
  if (!entry) throw new NewRuleError(`"${id}" is not in the rule catalog (${catalogPath}). Rule ids are a public contract: agree the id, severity and what it checks in rules.md first`);

  const files = {
    code: join(root, "rules", namespace, `${name}.ts`),
    doc: join(root, "rules", namespace, `${name}.md`),
    test: join(root, "test", "rules", namespace, `${name}.test.ts`),
  };
  const existing = Object.values(files).filter((path) => existsSync(path));
  if (existing.length > 0) throw new NewRuleError(`"${id}" already exists: ${existing.map((path) => relative(root, path)).join(", ")}`);

  const kitPath = join(root, "src", "engine", "rule-kit.ts");
  const kitSource = existsSync(kitPath) ? readFileSync(kitPath, "utf8") : undefined;
  const shape = shapeOf(entry, kitSource !== undefined, kitSource?.includes("export function defineNetworkRule") ?? false);
  const contents: [string, string][] = [
    [files.code, ruleSource(shape)],
    [files.doc, docSource(shape)],
    [files.test, testSource(shape)],
  ];
  if (!options.dryRun) {
    for (const [path, text] of contents) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text, { flag: "wx" });
    }
  }
  return { id, files: contents.map(([path]) => path) };
}

interface Shape {
  id: string;
  entry: CatalogEntry;
  severity: Severity;
  network: Network;
  kinds: readonly string[];
  /** The module rules import defineRule from, relative to rules/<namespace>/. */
  kit: string;
  /** defineNetworkRule (the kit's, which types checkAsync's service from meta.requiresNetwork) or defineRule. */
  define: "defineRule" | "defineNetworkRule";
}

function shapeOf(entry: CatalogEntry, hasRuleKit: boolean, hasNetworkRule: boolean): Shape {
  const severity = SEVERITIES.find((s) => entry.severity.split("/").map((x) => x.trim()).includes(s)) ?? "error";
  const section = entry.section.toLowerCase();
  const network: Network = section.includes("access analyzer") || entry.id.startsWith("access-analyzer/") ? "accessAnalyzer" : section.includes("live state") ? "live" : undefined;
  const manifestRule = entry.id.startsWith("mrap/") && (network === "live" || !section.includes("policy"));
  const kinds = manifestRule ? ["manifest"] : POLICY_KINDS;
  const kit = hasRuleKit ? "../../src/engine/rule-kit.js" : "../../src/engine/define-rule.js";
  return { id: entry.id, entry, severity, network, kinds, kit, define: network && hasNetworkRule ? "defineNetworkRule" : "defineRule" };
}

const DESCRIPTION = "TODO Describe what the rule requires as an imperative phrase without a final period";
const quote = (text: string) => JSON.stringify(text);

function ruleSource(shape: Shape): string {
  const { id, entry, severity, network, kinds } = shape;
  const body = network
    ? [
        "  async checkAsync(context) {",
        network === "live"
          ? "    // context.manifest?.live holds what the live-state service read (the MRAP, its policy, bucket Regions)."
          : "    // context.services.accessAnalyzer is the Access Analyzer service (rules/utils/analyzer.ts reports Check* results).",
        "    // TODO: find the problem and report it at a JSON pointer into the document:",
        '    // context.report({ messageId: "todo", pointer: "/MultiRegionAccessPoint/Name" });',
        "    await Promise.resolve(context);",
        "  },",
      ]
    : [
        "  check(context) {",
        "    // context.value is the whole document (the manifest, or the policy); context.kind says which kind it is.",
        "    // TODO: find the problem and report it at a JSON pointer into the document:",
        '    // context.report({ messageId: "todo", pointer: "/Statement/0/Principal" });',
        "    void context;",
        "  },",
      ];
  return [
    `import { ${shape.define} } from ${quote(shape.kit)};`,
    "",
    `// TODO: the catalog's row for this id (remove this line): ${entry.what}${entry.facts ? ` (facts ${entry.facts})` : ""}`,
    `export default ${shape.define}({`,
    `  id: ${quote(id)},`,
    "  meta: {",
    '    type: "problem",',
    `    docs: { description: ${quote(DESCRIPTION)}, recommended: true },`,
    `    severity: ${quote(severity)},`,
    "    // The kinds of document the rule reads (manifest, mrap-policy, access-point-policy, bucket-policy): narrow to the catalog row.",
    `    appliesTo: [${kinds.map(quote).join(", ")}],`,
    ...(network ? [`    requiresNetwork: ${quote(network)},`] : []),
    "    messages: {",
    "      // One message per distinct finding: what is wrong, why AWS cares, what to write instead.",
    '      todo: "TODO: say what is wrong, why it matters to AWS, and what to write instead.",',
    "    },",
    "  },",
    ...body,
    "});",
    "",
  ].join("\n");
}

const POLICY_EXAMPLE = `Version: "2012-10-17"
Statement:
  - Sid: ReadOrders
    Effect: Allow
    Principal:
      AWS: arn:aws:iam::111122223333:root
    Action: s3:GetObject
    Resource: arn:aws:s3:::orders-use1/*`;

const MANIFEST_EXAMPLE = `AccountId: "111122223333"
MultiRegionAccessPoint:
  Name: orders-global
  Regions:
    - Bucket: orders-use1
      Region: us-east-1
    - Bucket: orders-euw1
      Region: eu-west-1`;

function docSource(shape: Shape): string {
  const { id, entry, network, kinds } = shape;
  const manifest = kinds[0] === "manifest";
  const fence = "yaml"; // YAML, so the incorrect example can carry its TODO as a comment
  const kind = manifest ? "" : " bucket-policy";
  const example = manifest ? MANIFEST_EXAMPLE : POLICY_EXAMPLE;
  const documents = manifest ? "manifests" : "policies";
  return [
    `# ${id}`,
    "",
    `${DESCRIPTION}.`,
    "",
    "## Rule Details",
    "",
    `TODO: what the rule reports, at which place, and why, quoting the AWS documentation it rests on. The catalog says: ${entry.what}.`,
    ...(entry.facts ? ["", `TODO: check the AWS facts behind it (catalog: ${entry.facts}) and cite AWS's own pages below; say where AWS is uncertain and that the rule errs toward a warning there.`] : []),
    ...(network ? ["", network === "live" ? "This rule reads the live state (`--live`, plan and apply)." : "This rule calls IAM Access Analyzer (off unless enabled)."] : []),
    "",
    `Examples of **incorrect** ${documents}:`,
    "",
    `\`\`\`${fence} incorrect${kind}`,
    "# TODO: change this example so that the rule reports it",
    example,
    "```",
    "",
    `Examples of **correct** ${documents}:`,
    "",
    `\`\`\`${fence} correct${kind}`,
    example,
    "```",
    "",
    "## Options",
    "",
    "This rule has no options.",
    "",
    "## When Not To Use It",
    "",
    "TODO: when turning the rule off is reasonable, or that it is not.",
    "",
    "## Further Reading",
    "",
    "- [TODO: the AWS documentation page this rule rests on](https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPoints.html): what it says.",
    "",
  ].join("\n");
}

function testSource(shape: Shape): string {
  const { id, network, kinds } = shape;
  const manifest = kinds[0] === "manifest";
  const lines = [`import rule from ${quote(`../../../rules/${id}.js`)};`];
  if (network === "accessAnalyzer") lines.push('import { defaultAnalysis, useAccessAnalyzer } from "../../helpers/analyzer.js";');
  if (network === "live") lines.push('import { fakeLive } from "../../helpers/live.js";');
  if (manifest) lines.push('import { manifest } from "../../helpers/manifests.js";');
  lines.push('import { ruleTester } from "../../helpers/rule-tester.js";', "");
  if (network === "accessAnalyzer") lines.push("const analyzer = useAccessAnalyzer();");
  if (network === "live") lines.push("const live = fakeLive();");
  if (!manifest) {
    lines.push(
      "const policy = {",
      '  Version: "2012-10-17",',
      '  Statement: [{ Sid: "ReadOrders", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::orders-use1/*" }],',
      "};",
    );
  }
  if (network) lines.push("");
  const doc = manifest ? "manifest()" : "policy";
  const kind = manifest ? "" : ' kind: "bucket-policy",';
  const extra =
    network === "accessAnalyzer" ? " setup: defaultAnalysis(analyzer)," : network === "live" ? ' live: true, setup: live.set({ buckets: { "orders-use1": "us-east-1", "orders-euw1": "eu-west-1" } }),' : "";
  const pointer = manifest ? "/MultiRegionAccessPoint" : "/Statement/0";
  lines.push(
    "// Each case is linted as JSON and as YAML; `errors` lists every finding expected, by message id and JSON pointer.",
    "ruleTester(rule, {",
    ...(network === "accessAnalyzer" ? ["  network: analyzer.services,"] : network === "live" ? ["  network: () => ({ live: live.service }),"] : []),
    "  valid: [",
    `    { name: "TODO: a document the rule accepts",${kind}${extra} doc: ${doc} },`,
    "  ],",
    "  invalid: [",
    `    { name: "TODO: a document the rule reports",${kind}${extra} doc: ${doc}, errors: [{ messageId: "todo", pointer: ${quote(pointer)} }] },`,
    "  ],",
    "});",
    "",
  );
  return lines.join("\n");
}

function main(argv: string[]): number {
  const options: NewRuleOptions = {};
  const ids: string[] = [];
  const args = [...argv];
  for (let arg = args.shift(); arg !== undefined; arg = args.shift()) {
    if (arg === "--root" || arg === "--catalog") {
      const value = args.shift();
      if (!value) return usage(`${arg} needs a value`);
      if (arg === "--root") options.root = value;
      else options.catalog = value;
    } else if (arg === "--dry-run") options.dryRun = true;
    else if (arg === "--help" || arg === "-h") return usage();
    else if (arg.startsWith("-")) return usage(`unknown option ${arg}`);
    else ids.push(arg);
  }
  const [id, ...more] = ids;
  if (id === undefined || more.length > 0) return usage(id === undefined ? "give one rule id" : "give one rule id at a time");
  try {
    const result = newRule(id, options);
    const root = resolve(options.root ?? repoRoot);
    console.log(`${options.dryRun ? "would write" : "wrote"}:\n${result.files.map((path) => `  ${relative(root, path)}`).join("\n")}`);
    console.log(
      [
        "next:",
        "  1. write the check and its messages, the doc page (Rule Details, examples, sources) and the test table;",
        "     replace every TODO (the rule's own tests fail until it reports the invalid case).",
        "  2. npm run generate    (rules/index.ts registry, schemas, README rule table)",
        `  3. node scripts/run-tests.mjs ${result.id} test/meta/`,
        "  4. npm run build, and commit dist/cli/*.cjs with the rule (test/package/bundle.test.ts checks it).",
      ].join("\n"),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof NewRuleError)) throw error;
    console.error(`new-rule: ${error.message}`);
    return 1;
  }
}

function usage(problem?: string): number {
  const text = "usage: npm run new-rule -- <namespace>/<name> [--root <dir>] [--catalog <rules.md>] [--dry-run]";
  if (problem) console.error(`new-rule: ${problem}\n${text}`);
  else console.log(text);
  return problem ? 2 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) process.exitCode = main(process.argv.slice(2));
