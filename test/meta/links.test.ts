/**
 * Shipped docs and shipped sources stand alone: every relative link resolves to a file (and heading) that is in
 * the repository and in the package, links to this repository on GitHub name files that exist, and nothing
 * names the design notes that live outside the repository.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const REPO_URL = "https://github.com/mrap-guard/mrap-guard/blob/main/";

export interface Link {
  target: string;
  line: number;
}

export interface Problem {
  file: string;
  line: number;
  message: string;
}

/** GitHub's heading anchor: lowercase, punctuation dropped, each space a hyphen. */
export function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** A heading's text as GitHub renders it: code spans, emphasis and links reduced to their text. */
function headingText(raw: string): string {
  return raw
    .replace(/\s+#+\s*$/, "")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/(\*\*|__|\*|(?<![\p{L}\p{N}])_(?=\S)|(?<=\S)_(?![\p{L}\p{N}]))/gu, "")
    .replace(/<[^>]+>/g, "");
}

/** Lines outside fenced code blocks, with inline code spans blanked (so links inside code are not links). */
function proseLines(markdown: string): { text: string; raw: string; line: number }[] {
  const out: { text: string; raw: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split("\n").forEach((text, index) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return;
    }
    if (marker !== undefined) {
      fence = marker;
      return;
    }
    out.push({ text: text.replace(/(`+)[^`]*?\1/g, (code) => " ".repeat(code.length)), raw: text, line: index + 1 });
  });
  return out;
}

/** The anchors a Markdown file offers: its headings' slugs (duplicates numbered as GitHub does) and HTML ids. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text, raw } of proseLines(markdown)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(raw);
    if (heading) {
      const slug = githubSlug(headingText(heading[1]!));
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const match of text.matchAll(/<[a-z][^>]*\s(?:id|name)="([^"]+)"/gi)) anchors.add(match[1]!);
  }
  return anchors;
}

/** Link and image targets in Markdown: inline `[text](target)`, reference definitions, HTML href and src. */
export function markdownLinks(markdown: string): Link[] {
  const links: Link[] = [];
  for (const { text, line } of proseLines(markdown)) {
    for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+["'(][^)]*)?\)/g)) links.push({ target: match[1]!, line });
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(text);
    if (definition) links.push({ target: definition[1]!, line });
    for (const match of text.matchAll(/<(?:a|img)\s[^>]*(?:href|src)="([^"]+)"/gi)) links.push({ target: match[1]!, line });
  }
  return links;
}

/** The comments of a TypeScript source, everything else blanked so line numbers stay. */
export function commentsOf(source: string, fileName = "file.ts"): string {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false);
  const ranges = new Map<number, number>();
  const collect = (pos: number): void => {
    for (const range of [...(ts.getLeadingCommentRanges(source, pos) ?? []), ...(ts.getTrailingCommentRanges(source, pos) ?? [])]) {
      ranges.set(range.pos, range.end);
    }
  };
  const visit = (node: ts.Node): void => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    collect(node.pos);
    collect(node.end);
    for (const child of node.getChildren(file)) visit(child);
  };
  visit(file);
  const kept = source.replace(/[^\n]/g, " ").split("");
  for (const [start, end] of ranges) for (let i = start; i < end; i++) kept[i] = source[i]!;
  return kept.join("");
}

/** Names of the design notes kept outside the repository; shipped files must not send readers to them. */
export const DESIGN_FILES = /aws-facts|shared\/design|(?:^|[\s(`"'])(?:\.\.\/)+shared\b|(?<![\w./-])(?:product|rules|style|toolchain)\.md\b/;

export function designMentions(text: string): number[] {
  return text.split("\n").flatMap((line, index) => (DESIGN_FILES.test(line) ? [index + 1] : []));
}

export interface Tree {
  /** Repository-relative paths of every file in the repository. */
  files: ReadonlySet<string>;
  /** Repository-relative paths of every file in the package. */
  shipped: ReadonlySet<string>;
  read(path: string): string;
}

const underFolder = (paths: ReadonlySet<string>, folder: string): boolean => [...paths].some((p) => p.startsWith(`${folder}/`));

/** What is wrong with one link of a file (both repository-relative paths), or undefined when it resolves. */
export function checkLink(from: string, link: Link, tree: Tree): string | undefined {
  let target = link.target;
  let own = false;
  if (target.startsWith(REPO_URL)) {
    target = `/${target.slice(REPO_URL.length)}`;
    own = true;
  } else if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(target)) {
    return undefined;
  }
  const hash = target.indexOf("#");
  const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash)).replace(/\?.*$/, "");
  const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
  const resolved = pathPart === "" ? from : posix.normalize(pathPart.startsWith("/") ? pathPart.slice(1) : posix.join(posix.dirname(from), pathPart)).replace(/\/$/, "");
  if (resolved.startsWith("..")) return `${link.target} points outside the repository`;
  const isFile = tree.files.has(resolved);
  const isFolder = !isFile && underFolder(tree.files, resolved);
  if (!isFile && !isFolder) return `${link.target}: no such file or folder in the repository (${resolved})`;
  if (!own && tree.shipped.has(from) && !(tree.shipped.has(resolved) || (isFolder && underFolder(tree.shipped, resolved)))) {
    return `${link.target}: ${resolved} is not in the package; link to ${REPO_URL}${resolved} or drop the link`;
  }
  if (anchor !== undefined && anchor !== "" && isFile && resolved.endsWith(".md") && !anchorsOf(tree.read(resolved)).has(anchor)) {
    return `${link.target}: ${resolved} has no heading with the anchor #${anchor}`;
  }
  return undefined;
}

/** Every problem in one file: broken or unshipped relative links and mentions of the design notes. */
export function checkFile(path: string, tree: Tree): Problem[] {
  const text = tree.read(path);
  const prose = /\.(?:[cm]?ts|[cm]?js)$/.test(path) ? commentsOf(text, path) : text;
  const links = path.endsWith(".md") || /\.(?:[cm]?ts|[cm]?js)$/.test(path) ? markdownLinks(prose) : [];
  const problems: Problem[] = [];
  for (const link of links) {
    const message = checkLink(path, link, tree);
    if (message !== undefined) problems.push({ file: path, line: link.line, message });
  }
  for (const line of designMentions(text)) problems.push({ file: path, line, message: "names a design note that is not in the repository; cite AWS's page or state the decision" });
  return problems;
}

function repoFiles(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === ".git" || entry.name === "dist") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.add(relative(root, path).split("\\").join("/"));
    }
  };
  walk(root);
  return out;
}

/** The package's files as npm packs them (package.json's `files` list, read now), without running scripts. */
function packedFiles(): Set<string> {
  const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const [pack] = JSON.parse(output) as { files: { path: string }[] }[];
  assert.ok(pack, "npm pack --dry-run --json printed no package");
  return new Set(pack.files.map((f) => f.path));
}

function fakeTree(files: Record<string, string>, shipped: readonly string[]): Tree {
  return { files: new Set(Object.keys(files)), shipped: new Set(shipped), read: (p) => files[p] ?? "" };
}

describe("link checker", () => {
  it("makes GitHub's heading anchors", () => {
    assert.equal(githubSlug("Rule Details"), "rule-details");
    assert.equal(githubSlug("Plan and apply: a guarded `apply`"), "plan-and-apply-a-guarded-apply");
    assert.deepEqual([...anchorsOf("# A\n## Options\n## Options\n```\n## Not a heading\n```\n## `mrap/x` (network)\n")], ["a", "options", "options-1", "mrapx-network"]);
  });

  it("finds links and images, but not inside code", () => {
    const md = "See [a](a.md) and ![img](pic.png \"t\").\n`[no](code.md)`\n```md\n[no](fence.md)\n```\n[ref]: ref.md\n<a href=\"h.md\">h</a>\n";
    assert.deepEqual(
      markdownLinks(md).map((l) => `${l.line}:${l.target}`),
      ["1:a.md", "1:pic.png", "6:ref.md", "7:h.md"],
    );
  });

  it("reads links only from a source file's comments", () => {
    const source = 'const f = handlers[kind](node); // see [doc](gone.md)\n/** [x](y.md) */\nconst s = "[z](w.md)";\nconst r = /["\']/;\n// [last](last.md)\n';
    assert.deepEqual(markdownLinks(commentsOf(source)).map((l) => `${l.line}:${l.target}`), ["1:gone.md", "2:y.md", "5:last.md"]);
  });

  it("(a) fails on a relative link to a missing file or folder, and passes on ones that exist", () => {
    const tree = fakeTree({ "README.md": "", "rules/a.md": "", "rules/b/c.md": "" }, []);
    assert.match(checkLink("README.md", { target: "rules/missing.md", line: 1 }, tree) ?? "", /no such file/);
    assert.match(checkLink("rules/a.md", { target: "../nope/", line: 1 }, tree) ?? "", /no such file/);
    assert.match(checkLink("rules/a.md", { target: "../../x.md", line: 1 }, tree) ?? "", /outside the repository/);
    assert.equal(checkLink("README.md", { target: "rules/b/c.md", line: 1 }, tree), undefined);
    assert.equal(checkLink("rules/a.md", { target: "./b/", line: 1 }, tree), undefined);
    assert.equal(checkLink("rules/a.md", { target: "https://docs.aws.amazon.com/x.html", line: 1 }, tree), undefined);
    assert.match(checkLink("README.md", { target: `${REPO_URL}bench/gone.md`, line: 1 }, tree) ?? "", /no such file/);
  });

  it("(b) fails on a link from a shipped file to one the package leaves out", () => {
    const tree = fakeTree({ "README.md": "", "bench/README.md": "", "rules/a.md": "", "test/x.test.ts": "" }, ["README.md", "rules/a.md"]);
    assert.match(checkLink("README.md", { target: "bench/README.md", line: 3 }, tree) ?? "", /not in the package/);
    assert.match(checkLink("rules/a.md", { target: "../test/", line: 3 }, tree) ?? "", /not in the package/);
    assert.equal(checkLink("README.md", { target: "rules/a.md", line: 3 }, tree), undefined);
    assert.equal(checkLink("README.md", { target: "rules", line: 3 }, tree), undefined);
    assert.equal(checkLink("README.md", { target: `${REPO_URL}bench/README.md`, line: 3 }, tree), undefined);
    assert.equal(checkLink("bench/README.md", { target: "../test/x.test.ts", line: 3 }, tree), undefined, "an unshipped file may link to another");
  });

  it("(a) fails on an anchor that is no heading of the linked file", () => {
    const tree = fakeTree({ "README.md": "# mrap-guard\n## Plan and apply\n", "rules/a.md": "# a\n## Rule Details\n" }, ["README.md", "rules/a.md"]);
    assert.equal(checkLink("README.md", { target: "#plan-and-apply", line: 1 }, tree), undefined);
    assert.match(checkLink("README.md", { target: "#plan-apply", line: 1 }, tree) ?? "", /no heading/);
    assert.equal(checkLink("README.md", { target: "rules/a.md#rule-details", line: 1 }, tree), undefined);
    assert.match(checkLink("README.md", { target: "rules/a.md#options", line: 1 }, tree) ?? "", /no heading/);
  });

  it("(c) fails on a mention of a design note", () => {
    for (const text of ["(aws-facts.md §2.1)", "see `product.md`", "toolchain.md, AWS SDK", "the catalog in rules.md", "style.md", "../shared/design/x", "BucketPolicy: ../../../shared/orders.bucket.json"]) {
      assert.deepEqual(designMentions(`ok\n${text}`), [2], text);
    }
    for (const text of ["rules/mrap/bucket-name.md", "[page](../core/rules-of.md)", "a product. md", "stylish output", "a shared bucket", "../outside/shared.json"]) {
      assert.deepEqual(designMentions(text), [], text);
    }
  });

  it("reports a planted problem of each kind with its file and line", () => {
    const tree = fakeTree(
      { "README.md": "# R\n[gone](gone.md)\n[bench](bench/README.md)\n(aws-facts.md §1)\n", "bench/README.md": "", "src/a.ts": "// [x](../missing.md)\nconst a = 1;\n" },
      ["README.md", "src/a.ts"],
    );
    assert.deepEqual(checkFile("README.md", tree).map((p) => p.line), [2, 3, 4]);
    assert.deepEqual(checkFile("src/a.ts", tree).map((p) => p.line), [1]);
  });
});

describe("shipped files", () => {
  const files = repoFiles();
  const packed = packedFiles();
  // Sources are shipped compiled: their comments end up in dist/**/*.d.ts, so they count as shipped.
  const sources = [...files].filter((p) => /^(src|rules|schemas)\//.test(p) && !p.endsWith(".md"));
  const docs = [...new Set([...files].filter((p) => p === "README.md" || /^rules\/.*\.md$/.test(p)).concat([...packed].filter((p) => p.endsWith(".md"))))];
  const shipped = new Set([...packed, ...sources]);
  const tree: Tree = { files, shipped, read: (p) => readFileSync(join(root, p), "utf8") };

  it("the package's docs are found", () => {
    assert.ok(docs.includes("README.md") && docs.some((p) => p.startsWith("rules/")), docs.join(", "));
    assert.ok(sources.length > 50, `${sources.length} sources`);
    for (const path of docs) assert.ok(packed.has(path), `${path} is documentation but not in the package`);
  });

  for (const [label, paths] of [["docs", docs], ["sources", sources]] as const) {
    it(`${label}: every relative link resolves within the package, and no design note is named`, () => {
      const problems = paths.filter((p) => existsSync(join(root, p)) && statSync(join(root, p)).isFile()).flatMap((p) => checkFile(p, tree));
      assert.equal(problems.length, 0, `\n${problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join("\n")}`);
    });
  }
});
