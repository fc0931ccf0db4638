/**
 * Hostile inputs through the CLI (`lint --format json`, in process): files nested far beyond the depth limit,
 * alias bombs and oversized files each get exactly one clear `core/parse-error` finding and exit 1, never a
 * stack overflow or an internal error. Plus regression tests for the location and leniency problems the property tests found.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES } from "../../src/document/limits.js";
import type { LintMessage as JsonMessage } from "../../src/engine/types.js";
import { CLEAN_MANIFEST, project } from "../helpers/project.js";
import { checkRun, cli } from "./support.js";

const DEEP = 100_000;

/** Lints `files` (all named on the command line) and returns each file's messages. */
async function lintFiles(files: Record<string, string>, args: string[] = [], only?: string[]): Promise<{ code: number; messages: Map<string, JsonMessage[]> }> {
  const dir = await project(files);
  const linted = only ?? Object.keys(files);
  const run = await cli(["lint", "--format", "json", ...args, ...linted], dir);
  const results = checkRun(run, { cwd: dir, linted });
  return { code: run.code, messages: new Map(results.map((r) => [r.filePath, r.messages])) };
}

function assertOneParseError(messages: JsonMessage[] | undefined, messageId: string, text: RegExp): JsonMessage {
  assert.ok(messages, "the file has a result");
  assert.deepEqual(
    messages.map((m) => `${m.ruleId}/${m.messageId}`),
    [`core/parse-error/${messageId}`],
  );
  assert.match(messages[0]!.message, text);
  assert.equal(messages[0]!.severity, "error");
  return messages[0]!;
}

const tooDeep = new RegExp(`nested more than ${MAX_DEPTH} levels deep`);

describe("limits, through the CLI", () => {
  it(`a JSON array nested ${DEEP.toLocaleString("en-US")} deep: one tooDeep finding at the bracket past the limit, exit 1`, async () => {
    const { code, messages } = await lintFiles({ "deep.mrap.json": "[".repeat(DEEP) + "]".repeat(DEEP) });
    assert.equal(code, 1);
    const finding = assertOneParseError(messages.get("deep.mrap.json"), "tooDeep", tooDeep);
    assert.deepEqual([finding.line, finding.column], [1, MAX_DEPTH + 1]);
  });

  it(`a JSON object nested ${DEEP.toLocaleString("en-US")} deep, as a policy: one tooDeep finding, exit 1`, async () => {
    const { code, messages } = await lintFiles({ "deep.json": '{"a":'.repeat(DEEP) + "1" + "}".repeat(DEEP) }, ["--kind", "bucket-policy"]);
    assert.equal(code, 1);
    assertOneParseError(messages.get("deep.json"), "tooDeep", tooDeep);
  });

  it(`a YAML flow sequence nested ${DEEP.toLocaleString("en-US")} deep: one tooDeep finding, exit 1`, async () => {
    const { code, messages } = await lintFiles({ "deep.mrap.yaml": "AccountId: '111122223333'\nMultiRegionAccessPoint: " + "[".repeat(DEEP) + "]".repeat(DEEP) + "\n" });
    assert.equal(code, 1);
    const finding = assertOneParseError(messages.get("deep.mrap.yaml"), "tooDeep", tooDeep);
    assert.equal(finding.line, 2);
  });

  it("a YAML block mapping nested 500 deep: one tooDeep finding, exit 1", async () => {
    const text = Array.from({ length: 500 }, (_, i) => " ".repeat(i) + "k:").join("\n") + " 1\n";
    const { code, messages } = await lintFiles({ "deep-block.mrap.yaml": text });
    assert.equal(code, 1);
    const finding = assertOneParseError(messages.get("deep-block.mrap.yaml"), "tooDeep", tooDeep);
    assert.ok(finding.line > MAX_DEPTH && finding.line < MAX_DEPTH + 3, `points near level ${MAX_DEPTH} (line ${finding.line})`);
  });

  it(`a YAML block sequence nested ${DEEP.toLocaleString("en-US")} deep on one line ("- - - ... x"): one parse-error finding, exit 1`, async () => {
    const { code, messages } = await lintFiles({ "dashes.mrap.yaml": "- ".repeat(DEEP) + "x\n" });
    assert.equal(code, 1);
    assert.deepEqual(
      messages.get("dashes.mrap.yaml")?.map((m) => m.ruleId),
      ["core/parse-error"],
    );
  });

  it("a YAML alias bomb (billion laughs): one tooManyNodes finding, exit 1", async () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i < 9; i++) {
      const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    const { code, messages } = await lintFiles({ "laughs.mrap.yaml": levels.join("\n") + "\n" });
    assert.equal(code, 1);
    assertOneParseError(messages.get("laughs.mrap.yaml"), "tooManyNodes", new RegExp(`aliases expand to more than ${MAX_NODES} nodes`));
  });

  it("an alias bomb hidden in a policy referenced from a manifest: one tooManyNodes finding on the policy, exit 1", async () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i < 7; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    const { code, messages } = await lintFiles({ "m.mrap.yaml": CLEAN_MANIFEST + "  Policy: ./bomb.yaml\n", "bomb.yaml": levels.join("\n") + "\nStatement: *g\n" }, [], ["m.mrap.yaml"]);
    assert.equal(code, 1);
    assert.deepEqual(messages.get("m.mrap.yaml"), []);
    assertOneParseError(messages.get("bomb.yaml"), "tooManyNodes", /aliases expand to more than/);
  });

  // Measured before the fix (2026-12-03): the flow list took 6.2 s and 1 GB, the block list 2.9 s and 511 MB.
  const OVER = MAX_NODES + 1;
  for (const [shape, text] of [
    [`a flow list of ${OVER.toLocaleString("en-US")} numbers`, `Statement: [${Array(OVER).fill("1").join(",")}]\n`],
    [`a block list of ${OVER.toLocaleString("en-US")} numbers`, `Statement:\n${"  - 1\n".repeat(OVER)}`],
    [`${Math.ceil(OVER / 2).toLocaleString("en-US")} keys`, Array.from({ length: Math.ceil(OVER / 2) }, (_, i) => `k${i}: 1`).join("\n") + "\n"],
  ] as const) {
    it(`a YAML policy written with more than ${MAX_NODES.toLocaleString("en-US")} nodes (${shape}): one tooManyNodesWritten finding, exit 1`, async () => {
      const { code, messages } = await lintFiles({ "wide.yaml": text }, ["--kind", "bucket-policy"]);
      assert.equal(code, 1);
      const finding = assertOneParseError(messages.get("wide.yaml"), "tooManyNodesWritten", new RegExp(`has more than ${MAX_NODES} nodes \\(keys, values and list entries\\)`));
      assert.doesNotMatch(finding.message, /alias/);
    });
  }

  it("a YAML list of 45,000 entries whose comments, quotes and block scalars hold 400,000 indicators: parsed, not refused", async () => {
    const entries = Array.from({ length: 45_000 }, (_, i) => (i % 3 === 0 ? `          - "a: b: c: d, - e" # f: g: h: i` : i % 3 === 1 ? "          - 's3: a: b: c: d: e'" : "          - |\n           k: v: w, - x: [y: z]"));
    const statement = `  - Effect: Allow\n    Principal: { AWS: "arn:aws:iam::111122223333:root" }\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::orders-use1/*\n    Condition:\n      StringLike:\n        aws:PrincipalTag/team:\n`;
    const { messages } = await lintFiles({ "long.yaml": `Version: "2012-10-17"\nStatement:\n${statement}${entries.join("\n")}\n` }, ["--kind", "bucket-policy"]);
    assert.deepEqual(messages.get("long.yaml")!.filter((m) => m.ruleId === "core/parse-error").map((m) => m.message), []);
  });

  for (const [file, args] of [
    ["huge.mrap.json", []],
    ["huge.mrap.yaml", []],
    ["huge.json", ["--kind", "bucket-policy"]],
  ] as const) {
    it(`a 3 MB file (${file}): one tooLarge finding at 1:1, exit 1`, async () => {
      const filler = file.endsWith(".json") ? `{"AccountId": "${"1".repeat(3 * 1024 * 1024)}"}` : `AccountId: "${"1".repeat(3 * 1024 * 1024)}"\n`;
      const { code, messages } = await lintFiles({ [file]: filler }, [...args]);
      assert.equal(code, 1);
      const finding = assertOneParseError(messages.get(file), "tooLarge", new RegExp(`is ${Buffer.byteLength(filler)} bytes, over the ${MAX_FILE_BYTES}-byte limit`));
      assert.deepEqual([finding.line, finding.column, finding.pointer], [1, 1, ""]);
    });
  }

  it("a 3 MB policy file referenced from a manifest: one tooLarge finding on the policy, exit 1", async () => {
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [], Id: "x".repeat(3 * 1024 * 1024) });
    const { code, messages } = await lintFiles({ "m.mrap.yaml": CLEAN_MANIFEST + "  Policy: ./big.json\n", "big.json": policy }, [], ["m.mrap.yaml"]);
    assert.equal(code, 1);
    assert.deepEqual(messages.get("m.mrap.yaml"), []);
    assertOneParseError(messages.get("big.json"), "tooLarge", /over the 2097152-byte limit/);
  });

  it(`a JSON-string policy nested ${DEEP.toLocaleString("en-US")} deep inside a JSON manifest: one tooDeep finding at the string, exit 1`, async () => {
    const inner = '{"Statement":' + "[".repeat(DEEP) + "]".repeat(DEEP) + "}";
    const text = `{\n  "AccountId": "111122223333",\n  "MultiRegionAccessPoint": {\n    "Name": "orders-global",\n    "Regions": [{ "Bucket": "orders-use1", "Region": "us-east-1" }],\n    "Policy": ${JSON.stringify(inner)}\n  }\n}\n`;
    const { code, messages } = await lintFiles({ "m.mrap.json": text });
    assert.equal(code, 1);
    const parseErrors = messages.get("m.mrap.json")!.filter((m) => m.ruleId === "core/parse-error");
    const finding = assertOneParseError(parseErrors, "tooDeep", tooDeep);
    assert.deepEqual([finding.line, finding.column, finding.pointer], [6, 15, "/MultiRegionAccessPoint/Policy"]);
  });

  it(`the same JSON-string policy inside a YAML manifest: one tooDeep finding, exit 1`, async () => {
    const inner = '{"Statement":' + "[".repeat(DEEP) + "]".repeat(DEEP) + "}";
    const { code, messages } = await lintFiles({ "m.mrap.yaml": CLEAN_MANIFEST + `  Policy: '${inner}'\n` });
    assert.equal(code, 1);
    assertOneParseError(messages.get("m.mrap.yaml"), "tooDeep", tooDeep);
  });
});

describe("problems found by the property tests, now fixed", () => {
  it(
    "two YAML block sequences nested 1,000 deep (a 4 KB file) get findings instead of aborting the process",
    async () => {
      const branch = "- " + "- ".repeat(1000) + "x\n";
      const dir = await project({ "seq.mrap.yaml": branch + branch });
      // In a child process: this input takes the whole process down, and the test runner with it.
      const child = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), fileURLToPath(new URL("./cli-child.ts", import.meta.url)), "lint", "--format", "json", "seq.mrap.yaml"], { cwd: dir, encoding: "utf8" });
      assert.equal(child.signal, null, `killed by ${child.signal}: ${/FATAL ERROR.*/.exec(child.stderr)?.[0] ?? child.stderr.slice(0, 300)}`);
      const [result] = checkRun({ code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr }, { cwd: dir, linted: ["seq.mrap.yaml"] });
      assert.deepEqual(
        result!.messages.map((m) => `${m.ruleId}/${m.messageId}`),
        ["core/parse-error/tooDeep"],
      );
    },
  );

  it(
    "a YAML block sequence nested 1,000 deep is reported as too deep, not as a syntax error",
    async () => {
      const { messages } = await lintFiles({ "dashes.mrap.yaml": "- ".repeat(1000) + "x\n" });
      assertOneParseError(messages.get("dashes.mrap.yaml"), "tooDeep", tooDeep);
    },
  );

  it(
    "brackets inside YAML quoted, plain and block scalars do not count as nesting",
    async () => {
      const brackets = "[".repeat(MAX_DEPTH + 6);
      const { messages } = await lintFiles({ "m.mrap.yaml": CLEAN_MANIFEST.replace("Name: orders-global", `Name: '${brackets}'`) });
      assert.deepEqual(
        messages.get("m.mrap.yaml")?.map((m) => m.ruleId),
        ["mrap/name-format"],
      );
    },
  );

  it(
    "a JSON string holding a raw control character (a literal newline) is a syntax error, as JSON.parse and AWS say",
    async () => {
      const text = '{\n  "Version": "2012-10-17",\n  "Statement": [],\n  "Id": "line one\nline two"\n}\n';
      assert.throws(() => JSON.parse(text));
      const dir = await project({ "p.json": text });
      const run = await cli(["lint", "--format", "json", "--kind", "bucket-policy", "p.json"], dir);
      const [result] = checkRun(run, { cwd: dir, linted: ["p.json"] });
      assert.deepEqual(
        result!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`),
        ["4:18 core/parse-error"],
      );
    },
  );

  it(
    "a lone CR counts as a line break in YAML locations, as it does for the engine's parse errors (and YAML 1.2, and editors)",
    async () => {
      // A raw CR inside the quoted name on line 4 is a line break to the engine and to editors, so the bad
      // bucket is on line 7 (the yaml package's line counter says 6).
      const text = 'AccountId: "111122223333"\nMultiRegionAccessPoint:\n  Alias: mfzwi23gnjvgw.mrap\n  Name: "x\ry"\n  Regions:\n    - Bucket: Orders_Use1\n      Region: us-east-1\n';
      const dir = await project({ "m.mrap.yaml": text });
      const run = await cli(["lint", "--format", "json", "m.mrap.yaml"], dir);
      const [result] = checkRun(run, { cwd: dir, linted: ["m.mrap.yaml"] });
      const bucket = result!.messages.find((m) => m.ruleId === "mrap/bucket-name");
      assert.equal(bucket?.line, 7);
    },
  );
});
