import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { readBoundedFile } from "../../src/document/read.js";

describe("readBoundedFile through real folders (one realpath per folder, not per file)", () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "mrap-guard-read-")));
  const root = join(base, "root");
  const outside = join(base, "outside");
  mkdirSync(join(root, "policies"), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, "policies", "a.json"), "{}");
  writeFileSync(join(outside, "secret.json"), '{"secret": true}');
  symlinkSync(join(root, "policies", "a.json"), join(root, "policies", "inside-link.json"));
  symlinkSync(join(outside, "secret.json"), join(root, "policies", "outside-link.json"));
  symlinkSync(outside, join(root, "linked-folder"));
  after(() => rmSync(base, { recursive: true, force: true }));

  const read = (path: string, folders: Map<string, string>) => readBoundedFile(join(root, path), { root, realFolders: folders });

  it("reads a plain file and resolves its folder once", () => {
    const folders = new Map<string, string>();
    assert.equal(read("policies/a.json", folders).ok, true);
    assert.equal(read("policies/a.json", folders).ok, true);
    assert.deepEqual([...folders], [[join(root, "policies"), join(root, "policies")]]);
  });

  it("follows a symlinked file that stays inside the root, and refuses one that leaves it", () => {
    const folders = new Map<string, string>();
    const inside = read("policies/inside-link.json", folders);
    assert.ok(inside.ok && inside.bytes.toString() === "{}");
    assert.deepEqual(read("policies/outside-link.json", folders), { ok: false, reason: "outside-root", message: "it resolves through a symlink to outside the project root" });
  });

  it("refuses a file in a folder that is a symlink to outside the root", () => {
    assert.equal((read("linked-folder/secret.json", new Map()) as { reason?: string }).reason, "outside-root");
  });

  it("with noFollow, refuses a symlinked file instead of resolving it", () => {
    const got = readBoundedFile(join(root, "policies", "inside-link.json"), { root, realFolders: new Map(), noFollow: true });
    assert.equal(got.ok, false);
  });
});
