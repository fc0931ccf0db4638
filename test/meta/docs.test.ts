import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { coreRules } from "../../rules/core/index.js";
import { rules } from "../../rules/index.js";
import { resolveConfig } from "../../src/engine/config.js";
import { lintText } from "../../src/engine/linter.js";
import { DOCUMENT_KINDS, type DocumentKind } from "../../src/engine/types.js";
import { replaceTable, ruleTable } from "../../scripts/rule-table.js";
import { findingsOf } from "../../src/engine/types.js";

const root = new URL("../..", import.meta.url).pathname;
const SECTIONS = ["Rule Details", "Options", "When Not To Use It", "Further Reading"];

interface Example {
  lang: "yaml" | "json";
  verdict: "correct" | "incorrect";
  /** ```json incorrect bucket-policy``` lints the block as that kind (default: the rule's first kind). */
  kind: DocumentKind | undefined;
  code: string;
  line: number;
}

function examples(markdown: string): Example[] {
  const out: Example[] = [];
  const re = /^```(yaml|json) (correct|incorrect)(?: ([a-z-]+))?\n([^]*?)^```$/gm;
  for (const match of markdown.matchAll(re)) {
    const kind = match[3] as DocumentKind | undefined;
    if (kind !== undefined && !(DOCUMENT_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown kind "${kind}" in an example`);
    out.push({ lang: match[1] as "yaml" | "json", verdict: match[2] as "correct" | "incorrect", kind, code: match[4]!, line: markdown.slice(0, match.index).split("\n").length });
  }
  return out;
}

describe("rule docs", () => {
  for (const rule of rules) {
    const path = join(root, "rules", `${rule.id}.md`);
    describe(rule.id, () => {
      it("has a doc page beside it with the id, the description and the sections in order", () => {
        assert.ok(existsSync(path), `missing rules/${rule.id}.md`);
        const markdown = readFileSync(path, "utf8");
        const lines = markdown.split("\n");
        assert.equal(lines[0], `# ${rule.id}`);
        const firstParagraph = markdown.split("\n\n")[1]?.trim();
        assert.equal(firstParagraph, `${rule.meta.docs.description}.`);
        const headings = [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
        assert.deepEqual(headings, SECTIONS, "H2 sections");
        assert.match(markdown, /\]\((?:https:\/\/|\.\.\/\.\.\/README\.md#)/, "cites its source: an external page, or the README section that states the decision");
      });

      const markdown = existsSync(path) ? readFileSync(path, "utf8") : "";
      const blocks = examples(markdown);
      if (!rule.meta.engine) {
        it("has correct and incorrect examples", () => {
          assert.ok(blocks.some((b) => b.verdict === "incorrect"), "needs an incorrect example");
          assert.ok(blocks.some((b) => b.verdict === "correct"), "needs a correct example");
        });
      }
      // Network rules' examples need AWS: test/aws/docs-examples.test.ts lints them against the local servers.
      if (rule.meta.requiresNetwork) return;
      for (const block of blocks) {
        it(`example at line ${block.line} is ${block.verdict}`, async () => {
          const kind = block.kind ?? rule.meta.appliesTo[0]!;
          const file = kind === "manifest" ? `example.mrap.${block.lang}` : `example.${block.lang}`;
          const settings: Record<string, string> = Object.fromEntries(coreRules.map((r) => [r.id, "error"]));
          settings[rule.id] = "error";
          const config = await resolveConfig({ extends: [], rules: settings }, { root, rules });
          const results = await lintText(block.code, file, { cwd: root, config, rules, ...(kind === "manifest" ? {} : { kind }) });
          const findings = findingsOf(results);
          const own = findings.filter((f) => f.ruleId === rule.id);
          if (block.verdict === "incorrect") assert.ok(own.length > 0, `expected a ${rule.id} finding`);
          else assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), [], "a correct example has no findings");
        });
      }
    });
  }
});

describe("README", () => {
  it("has the rule table generated from rule metadata (run npm run docs)", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    assert.equal(readme, replaceTable(readme, ruleTable(rules)));
  });
});
