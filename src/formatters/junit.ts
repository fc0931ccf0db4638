import type { LintMessage, LintResult } from "../engine/types.js";
import { omittedNote, shownFindings, type ShownFindings } from "./limits.js";
import { escapeUnsafe } from "../engine/escape.js";
import type { Formatter } from "./types.js";

// Everything outside XML 1.0's Char production (C0 controls other than tab/LF/CR, lone surrogates,
// U+FFFE and U+FFFF) cannot appear in a document, not even escaped.
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Escapes text content. */
export function escapeXml(text: string): string {
  return escapeUnsafe(text.replace(ILLEGAL, "")).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Escapes an attribute value; line breaks and tabs become character references so parsers keep them. */
export function escapeAttribute(text: string): string {
  return escapeXml(text).replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join("");
}

function failureBody(filePath: string, finding: LintMessage): string {
  const lines = [
    `${filePath}:${finding.line}:${finding.column}: ${finding.severity}: ${finding.message} (${finding.ruleId})`,
    `pointer: ${finding.pointer === "" ? "(root)" : finding.pointer}`,
  ];
  if (finding.helpUri !== undefined) lines.push(`help: ${finding.helpUri}`);
  return escapeXml(lines.join("\n"));
}

/** JUnit XML: a test suite per file, a failing test case per finding, one passing case for a clean file. */
export const junit: Formatter = (results, context) => {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  const capped = results.map((result): [LintResult, ShownFindings] => [result, shownFindings(result, context)]);
  // A file with findings left out has one skipped test case that says how many.
  const testCount = (c: ShownFindings) => Math.max(c.shown.length, 1) + (c.omitted > 0 ? 1 : 0);
  const tests = capped.reduce((sum, [, c]) => sum + testCount(c), 0);
  const failures = capped.reduce((sum, [, c]) => sum + c.shown.length, 0);
  out.push(`<testsuites${attributes({ name: "mrap-guard", tests, failures, errors: 0 })}>`);
  for (const [result, shown] of capped) {
    const { filePath } = result;
    const findings = shown.shown;
    out.push(`  <testsuite${attributes({ name: filePath, tests: testCount(shown), failures: findings.length, errors: 0, ...(shown.omitted > 0 ? { skipped: 1 } : {}) })}>`);
    if (findings.length === 0) {
      out.push(`    <testcase${attributes({ classname: filePath, name: "mrap-guard" })} />`);
    }
    for (const finding of findings) {
      out.push(`    <testcase${attributes({ classname: filePath, name: `${finding.ruleId} ${finding.line}:${finding.column}` })}>`);
      out.push(`      <failure${attributes({ message: finding.message, type: finding.severity })}>${failureBody(filePath, finding)}</failure>`);
      out.push("    </testcase>");
    }
    if (shown.omitted > 0) {
      out.push(`    <testcase${attributes({ classname: filePath, name: "mrap-guard: findings not shown" })}>`);
      out.push(`      <skipped${attributes({ message: omittedNote(shown) })} />`);
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return out.join("\n");
};
