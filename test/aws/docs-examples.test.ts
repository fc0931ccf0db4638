/**
 * The doc examples of the network rules, linted as the docs label them: Access Analyzer rules against our
 * Access Analyzer server (its own analysis, through the real SDK client), live-state rules against the live
 * state each doc page describes.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { coreRules } from "../../rules/core/index.js";
import { rules } from "../../rules/index.js";
import { resolveConfig } from "../../src/engine/config.js";
import { lintText } from "../../src/engine/linter.js";
import type { DocumentKind, NetworkServices, ReferencePolicy } from "../../src/engine/types.js";
import { defaultAnalysis, useAccessAnalyzer } from "../helpers/analyzer.js";
import { fakeLive, type LiveWorld } from "../helpers/live.js";
import { findingsOf } from "../../src/engine/types.js";

const root = new URL("../..", import.meta.url).pathname;
const analyzer = useAccessAnalyzer();
const live = fakeLive();

const ALL_BPA = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const mrap = (status: string) => ({ name: "orders-global", alias: "mfzwi23gnjvgw.mrap", status, publicAccessBlock: ALL_BPA, regions: [{ bucket: "orders-use1" }, { bucket: "orders-euw1" }] });

/** The live state each live-state doc page describes for its examples. */
const WORLDS: Record<string, Record<"correct" | "incorrect", LiveWorld>> = {
  "mrap/immutable-change": {
    incorrect: { mrap: mrap("READY"), buckets: { "orders-use1": "us-east-1", "orders-euw1": "eu-west-1", "orders-apse2": "ap-southeast-2" } },
    correct: { mrap: mrap("READY"), buckets: { "orders-use1": "us-east-1", "orders-euw1": "eu-west-1" } },
  },
  "mrap/not-ready": {
    incorrect: { mrap: mrap("CREATING"), buckets: { "orders-use1": "us-east-1" } },
    correct: { mrap: mrap("READY"), buckets: { "orders-use1": "us-east-1" } },
  },
  "mrap/bucket-missing": {
    incorrect: { buckets: { "orders-use1": "us-east-1" } },
    correct: { buckets: { "orders-use1": "us-east-1", "orders-euw1": "eu-west-1" } },
  },
};

interface Block {
  lang: string;
  verdict?: "correct" | "incorrect";
  kind?: DocumentKind;
  code: string;
}

function blocks(markdown: string): Block[] {
  return [...markdown.matchAll(/^```(yaml|json)(?: (correct|incorrect))?(?: ([a-z-]+))?\n([^]*?)^```$/gm)].map((m) => ({
    lang: m[1]!,
    ...(m[2] ? { verdict: m[2] as "correct" | "incorrect" } : {}),
    ...(m[3] ? { kind: m[3] as DocumentKind } : {}),
    code: m[4]!,
  }));
}

describe("network rules' doc examples", () => {
  for (const rule of rules.filter((r) => r.meta.requiresNetwork)) {
    const all = blocks(readFileSync(join(root, "rules", `${rule.id}.md`), "utf8"));
    const plain = all.filter((b) => !b.verdict);
    for (const block of all.filter((b) => b.verdict)) {
      it(`${rule.id}: a ${block.verdict} example is ${block.verdict}`, async () => {
        const kind = block.kind ?? rule.meta.appliesTo[0]!;
        const settings: Record<string, string> = Object.fromEntries(coreRules.map((r) => [r.id, "error"]));
        settings[rule.id] = "error";
        // A plain JSON block is the page's config (with "accessAnalyzer") or its reference policy.
        const extra = plain.map((b) => JSON.parse(b.code) as Record<string, unknown>);
        const accessAnalyzer = extra.find((v) => "accessAnalyzer" in v)?.["accessAnalyzer"] as Record<string, unknown> | undefined;
        const reference = extra.find((v) => "Statement" in v);
        const referencePolicy: ReferencePolicy | undefined = reference ? { file: "reference.json", kind, text: JSON.stringify(reference) } : undefined;
        const config = await resolveConfig({ extends: [], rules: settings, ...(accessAnalyzer ? { accessAnalyzer } : {}) }, { root, rules });
        let services: NetworkServices;
        if (rule.meta.requiresNetwork === "live") {
          live.set(WORLDS[rule.id]![block.verdict!])();
          services = { live: live.service };
        } else {
          defaultAnalysis(analyzer)();
          services = analyzer.services();
        }
        const file = kind === "manifest" ? `example.mrap.${block.lang}` : `example.${block.lang}`;
        const results = await lintText(block.code, file, {
          cwd: root,
          config,
          rules,
          ...(kind === "manifest" ? {} : { kind }),
          network: { services, live: true, ...(referencePolicy ? { referencePolicy } : {}) },
        });
        const findings = findingsOf(results);
        if (block.verdict === "incorrect") assert.ok(findings.some((f) => f.ruleId === rule.id), `expected a ${rule.id} finding, got ${JSON.stringify(findings.map((f) => f.message))}`);
        else assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), []);
      });
    }
  }
});
