import { readdir as readdirCallback, stat as statCallback } from "node:fs";
import { promisify } from "node:util";
import { join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { UsageError } from "./errors.js";
import { globProblem, quotePattern } from "./glob.js";

// Promisified callbacks, not node:fs/promises: that module loads the stream stack (~30 modules) at start-up.
const readdir = promisify(readdirCallback);
const stat = promisify(statCallback);

export interface InputFile {
  /** Absolute path. */
  path: string;
  /** Named on the command line (or matched by a glob), rather than found by walking a directory. */
  explicit: boolean;
}

const CANDIDATE = /\.(json|ya?ml)$/i;
const SKIPPED_DIRS = new Set(["node_modules", ".git"]);
const GLOB_CHARS = /[*?[\]{}!]/;

/**
 * Expands files, directories and globs. Directories are walked for `.json`/`.yaml`/`.yml` files, skipping
 * `node_modules`, `.git` and configured ignores; a path that matches nothing, or a glob that `globProblem` refuses
 * (too long, too many `*` in a segment), is a usage error.
 */
export async function expandInputs(patterns: readonly string[], cwd: string, root: string, isIgnored: (rel: string) => boolean): Promise<InputFile[]> {
  const out = new Map<string, InputFile>();
  const rootPrefix = root.endsWith(sep) ? root : root + sep;
  const rel = (path: string) => (path.startsWith(rootPrefix) && sep === "/" ? path.slice(rootPrefix.length) : relative(root, path).split(sep).join("/"));
  const add = (path: string, explicit: boolean) => {
    if (!out.has(path)) out.set(path, { path, explicit });
  };

  for (const pattern of patterns) {
    // A file named exactly so (`{a}.mrap.json`, `!bad.mrap.json`, as pre-commit passes staged names) is that file.
    if (GLOB_CHARS.test(pattern) && !(await existsExactly(resolve(cwd, pattern)))) {
      const problem = globProblem(pattern);
      if (problem !== undefined) throw new UsageError(`the pattern ${quotePattern(pattern)} ${problem}`);
      const { base, glob } = picomatch.scan(pattern);
      const baseDir = resolve(cwd, base || ".");
      const match = picomatch(glob, { dot: false });
      let matched = 0;
      for (const file of await walk(baseDir, (p) => isIgnored(rel(p)))) {
        if (match(relative(baseDir, file).split(sep).join("/"))) {
          add(file, true);
          matched++;
        }
      }
      if (matched === 0) throw new UsageError(`no files match the pattern "${pattern}"`);
      continue;
    }
    const path = resolve(cwd, pattern);
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new UsageError(`no such file or directory: ${pattern}`);
    }
    if (info.isDirectory()) {
      for (const file of await walk(path, (p) => isIgnored(rel(p)))) if (CANDIDATE.test(file)) add(file, false);
    } else if (!isIgnored(rel(path))) {
      add(path, true);
    }
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function existsExactly(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The files below `dir`, depth first in name order. A list rather than an async generator, whose every step costs promises. */
async function walk(dir: string, ignored: (path: string) => boolean, out: string[] = []): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  // `dir` is resolved and a directory entry's name has no separator: plain concatenation is what join would give.
  const prefix = sep === "/" && !dir.endsWith("/") ? dir + "/" : undefined;
  for (const entry of entries) {
    const path = prefix !== undefined ? prefix + entry.name : join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(entry.name) || ignored(path + "/")) continue;
      await walk(path, ignored, out);
    } else if (entry.isFile() && !ignored(path)) {
      out.push(path);
    }
  }
  return out;
}
