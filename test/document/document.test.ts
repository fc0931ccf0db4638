import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeSegment, isWithin, joinPointer, parsePointer, parseText, type Range } from "../../src/document/index.js";
import { parse } from "yaml";

const at = (range: Range) => `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;

describe("JSON pointers", () => {
  it("escapes ~ and / and round-trips", () => {
    assert.equal(escapeSegment("aws:PrincipalTag/team~x"), "aws:PrincipalTag~1team~0x");
    assert.deepEqual(parsePointer("/Condition/StringEquals/aws:PrincipalTag~1team~0x"), ["Condition", "StringEquals", "aws:PrincipalTag/team~x"]);
    assert.equal(joinPointer("/a", "b/c", 0), "/a/b~1c/0");
    assert.deepEqual(parsePointer(""), []);
    assert.throws(() => parsePointer("a/b"), /must be empty or start with "\/"/);
  });

  it("tells whether a pointer lies within another", () => {
    assert.ok(isWithin("/Statement/0/Action", "/Statement/0"));
    assert.ok(isWithin("/Statement/0", "/Statement/0"));
    assert.ok(!isWithin("/Statement/01", "/Statement/0"));
    assert.ok(isWithin("/anything", ""));
  });
});

describe("locating pointers in JSON", () => {
  const text = '{\n  "Statement": [\n    {"Condition": {"StringEquals": {"aws:PrincipalTag/team": "a"}}}\n  ]\n}\n';
  it("finds values and keys with 1-based lines and columns (end exclusive)", async () => {
    const doc = await parseText("p.json", text);
    assert.equal(at(doc.locate("/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team")), "3:62-3:65");
    assert.equal(at(doc.locate("/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team", "key")), "3:37-3:60");
    assert.equal(at(doc.locate("/Statement")), "2:16-4:4");
  });

  it("falls back to the closest existing ancestor for a missing pointer", async () => {
    const doc = await parseText("p.json", text);
    assert.equal(at(doc.locate("/Statement/0/Condition/Nope/x")), at(doc.locate("/Statement/0/Condition")));
    assert.equal(at(doc.locate("/Statement/7")), at(doc.locate("/Statement")));
    assert.equal(doc.has("/Statement/0"), true);
    assert.equal(doc.has("/Statement/1"), false);
  });

  it("strips a byte-order mark and keeps positions right after CRLF line ends", async () => {
    const doc = await parseText("p.json", '\uFEFF{\r\n  "a": 1\r\n}');
    assert.deepEqual(doc.value, { a: 1 });
    assert.equal(at(doc.locate("/a")), "2:8-2:9");
  });

  it("keeps a __proto__ key as plain data", async () => {
    const doc = await parseText("p.json", '{"__proto__": {"polluted": true}}');
    assert.equal(Object.getPrototypeOf(doc.value), Object.prototype);
    assert.deepEqual(Object.keys(doc.value as object), ["__proto__"]);
  });

  it("reads the value at a pointer the same before and after the location tree is built", async () => {
    const text = '{"a": {"b": [1, {"c": null}], "__proto__": {"d": 2}}, "e/f": "x"}';
    const pointers = ["/a", "/a/b/1/c", "/a/b/01", "/a/b/2", "/a/__proto__/d", "/e~1f", "/e~1f/0", "/missing", "a", "/a/b/-"];
    const lazy = await parseText("p.json", text);
    const before = pointers.map((p) => lazy.valueAt(p));
    assert.deepEqual(before, [{ b: [1, { c: null }], ["__proto__"]: { d: 2 } }, null, undefined, undefined, 2, "x", undefined, undefined, undefined, undefined]);
    lazy.locate("/a");
    assert.deepEqual(
      pointers.map((p) => lazy.valueAt(p)),
      before,
    );
    // A repeated key builds the tree at once, and the value at a pointer follows the tree, as locations do.
    const repeated = await parseText("p.json", '{"a": {"x": 1}, "a": {"y": 2}}');
    assert.deepEqual(repeated.valueAt("/a"), { y: 2 });
    assert.equal(repeated.valueAt("/a/y"), repeated.has("/a/y") ? 2 : undefined);
  });
});

describe("locating pointers in YAML", () => {
  const text = "Statement:\n  - Sid: A\n    Action:\n      - s3:GetObject\n      - 's3:PutObject'\n";
  it("finds values and keys with 1-based lines and columns", async () => {
    const doc = await parseText("p.yaml", text);
    assert.equal(at(doc.locate("/Statement/0/Action/1")), "5:9-5:23");
    assert.equal(at(doc.locate("/Statement/0/Sid", "key")), "2:5-2:8");
    assert.equal(at(doc.locate("/Statement/0/Sid")), "2:10-2:11");
  });

  it("resolves aliases to the anchored value at the alias's position", async () => {
    const doc = await parseText("p.yaml", "a: &x [1, 2]\nb: *x\n");
    assert.deepEqual(doc.value, { a: [1, 2], b: [1, 2] });
    assert.equal(at(doc.locate("/b")), "2:4-2:6");
  });

  it("resolves each alias to the closest anchor before it, as the yaml package does", async () => {
    const cases = [
      "a: &x 1\nb: *x\nc: &x 2\nd: *x\n",
      "a: &o {k: &i v, l: [*i]}\nb: &i w\nc: *o\nd: *i\n",
      "? &k key\n: 1\nother: *k\n",
      "list:\n  - &e {Effect: Allow}\n  - *e\n  - &e {Effect: Deny}\n  - *e\n",
    ];
    for (const text of cases) {
      const doc = await parseText("p.yaml", text);
      assert.deepEqual(doc.value, parse(text), text);
    }
  });

  it("reports an alias without an anchor before it as a syntax error at the alias", async () => {
    const doc = await parseText("p.yaml", "a: *later\nb: &later 1\n");
    assert.equal(doc.ok, false);
    assert.deepEqual(doc.problems.map((p) => `${p.kind} ${at(p.range)} ${p.message}`), ["syntax 1:4-1:5 unresolved alias *later: an anchor &later must come before it"]);
  });

  it("resolves thousands of aliases in linear time", async () => {
    const lines = ["c: &c {StringEquals: {aws:PrincipalOrgID: o-abc123}}", "s:"];
    for (let i = 0; i < 20_000; i++) lines.push(`  - {Sid: S${i}, Condition: *c}`);
    const started = performance.now();
    const doc = await parseText("p.yaml", lines.join("\n") + "\n");
    const elapsed = performance.now() - started;
    assert.equal(doc.ok, true);
    assert.deepEqual((doc.value as { s: { Condition: unknown }[] }).s[19_999]!.Condition, { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } });
    // Quadratic resolution (a walk from the document's start per alias) takes over a minute here.
    assert.ok(elapsed < 5_000, `${Math.round(elapsed)} ms`);
  });

  it("reports a stream of several documents as a syntax error", async () => {
    const doc = await parseText("p.yaml", "a: 1\n---\nb: 2\n");
    assert.equal(doc.ok, false);
    assert.equal(doc.problems[0]?.kind, "syntax");
    assert.match(doc.problems[0]!.message, /multiple documents/);
  });

  it("reports duplicate keys at the later key, naming the first line even when repeated three times", async () => {
    const doc = await parseText("p.yaml", "a: 1\nb: 2\na: 3\na: 4\n");
    assert.deepEqual(
      doc.problems.map((p) => `${p.kind} ${p.pointer} ${p.range.start.line} first=${p.data?.["firstLine"]}`),
      ["duplicate-key /a 3 first=1", "duplicate-key /a 4 first=1"],
    );
    assert.deepEqual(doc.value, { b: 2, a: 4 }, "the last value wins, as in JSON.parse");
  });

  it("keeps the text of an unquoted 12-digit account id and reports it", async () => {
    const doc = await parseText("m.yaml", "AccountId: 012345678901\nOther: 42\n");
    assert.deepEqual(doc.value, { AccountId: "012345678901", Other: 42 });
    assert.deepEqual(doc.problems.map((p) => `${p.kind} ${p.pointer}`), ["numeric-account-id /AccountId"]);
  });

  it("reads CloudFormation's short forms (!Ref, !GetAtt, !Sub, …) as the long forms, placed on the tagged value", async () => {
    const text = "Bucket: !Ref BucketName\nAlias: !GetAtt Mrap.Alias.Part\nArn: !Sub\n  - arn:${P}:s3:::${B}\n  - B: !Ref B\nName: !Join ['-', [orders, !Ref Env]]\nIf: !If [Prod, !Ref A, !Ref AWS::NoValue]\nOther: !Custom 3\nShared: &t !Ref Shared\nAgain: *t\n";
    const doc = await parseText("t.yaml", text);
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(doc.value, {
      Bucket: { Ref: "BucketName" },
      Alias: { "Fn::GetAtt": ["Mrap", "Alias.Part"] },
      Arn: { "Fn::Sub": ["arn:${P}:s3:::${B}", { B: { Ref: "B" } }] },
      Name: { "Fn::Join": ["-", ["orders", { Ref: "Env" }]] },
      If: { "Fn::If": ["Prod", { Ref: "A" }, { Ref: "AWS::NoValue" }] },
      Other: "3",
      Shared: { Ref: "Shared" },
      Again: { Ref: "Shared" },
    });
    assert.equal(at(doc.locate("/Bucket/Ref")), "1:14-1:24");
    assert.equal(at(doc.locate("/Bucket")), "1:14-1:24");
    assert.equal(at(doc.locate("/Alias/Fn::GetAtt/0")), "2:16-2:31");
    assert.equal(at(doc.locate("/Arn/Fn::Sub/1/B/Ref")), "5:13-5:14");
    assert.equal(at(doc.locate("/Name/Fn::Join/1/1/Ref")), "6:33-6:36");
    assert.equal(at(doc.locate("/Again")), "10:8-10:10");
  });

  it("guards against alias bombs", async () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill("*" + String.fromCharCode(96 + i)).join(", ")}]`);
    const doc = await parseText("bomb.yaml", lines.join("\n") + "\n");
    assert.equal(doc.ok, false);
    assert.equal(doc.problems[0]?.kind, "too-many-nodes");
  });
});
