import { isAbsolute, relative, resolve, sep } from "node:path";

/**
 * The names one lint gives a file: absolute, as shown (relative to the working directory when below it), and
 * relative to the project root (for the config's globs, suppressions and fingerprints).
 */
export class ProjectPaths {
  private readonly rootRelatives = new Map<string, string>();

  constructor(
    private readonly cwd: string,
    private readonly root: string,
  ) {}

  absolute(path: string): string {
    return resolve(this.cwd, path);
  }

  display(path: string): string {
    const below = pathBelow(this.cwd, path);
    if (below !== undefined) return below;
    const rel = relative(this.cwd, path);
    return rel.startsWith("..") ? path : rel.split(sep).join("/");
  }

  rootRelative(file: string): string {
    if (isAbsolute(file)) {
      const below = pathBelow(this.root, file);
      if (below !== undefined) return below;
    }
    let rel = this.rootRelatives.get(file);
    if (rel === undefined) {
      const plain = this.root === this.cwd && !isAbsolute(file) && !file.startsWith("..") && !file.includes("/../");
      rel = plain ? file : relative(this.root, resolve(this.cwd, file)).split(sep).join("/");
      this.rootRelatives.set(file, rel);
    }
    return rel;
  }
}

/**
 * `path` relative to the folder `base` when it lies below it: a slice, not path.relative (which resolves both
 * paths again), for thousands of files. Undefined where the slice might differ from what path.relative gives.
 */
const NOT_NORMAL = /\/\/|\/\.\.?(\/|$)|\/$/;

function pathBelow(base: string, path: string): string | undefined {
  const prefix = base.endsWith(sep) ? base : base + sep;
  if (sep !== "/" || !path.startsWith(prefix) || NOT_NORMAL.test(path)) return undefined;
  return path.slice(prefix.length);
}
