import { realpathSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";

export type ReferenceResult =
  | { ok: true; path: string }
  | { ok: false; reason: "absolute" | "outside-root" | "invalid"; message: string };

/**
 * Resolves a policy path written in a manifest against the manifest's folder. Absolute paths and paths that
 * leave the project root (directly or through a symlink) are refused, so a manifest in a pull request cannot
 * make a CI runner read arbitrary files.
 */
export async function resolveReference(manifestPath: string, reference: string, root: string): Promise<ReferenceResult> {
  if (reference.includes("\0") || reference.trim() === "") {
    return { ok: false, reason: "invalid", message: "the path is empty or contains a NUL character" };
  }
  if (isAbsolute(reference) || /^[a-zA-Z]:[\\/]/.test(reference) || reference.startsWith("\\\\") || /^[a-z][a-z0-9+.-]*:\/\//i.test(reference)) {
    return { ok: false, reason: "absolute", message: "absolute paths and URLs are not allowed; write a path relative to the manifest" };
  }
  const target = resolve(dirname(manifestPath), reference);
  if (!inside(root, target)) {
    return { ok: false, reason: "outside-root", message: `the path leaves the project root (${root})` };
  }
  try {
    const realTarget = realpathSync.native(target);
    if (!inside(root, realTarget) && !inside(realRoot(root), realTarget)) {
      return { ok: false, reason: "outside-root", message: `the path resolves through a symlink to outside the project root (${root})` };
    }
  } catch {
    // A missing file is reported when it is read.
  }
  return { ok: true, path: target };
}

const realRoots = new Map<string, string>();

/** The root with its symlinks resolved (cached per root). */
export function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    try {
      real = realpathSync.native(root);
    } catch {
      real = root;
    }
    realRoots.set(root, real);
  }
  return real;
}

const NOT_NORMAL = /\/\/|\/\.\.?(\/|$)|\/$/;

/** Whether `target` is `root` or below it; both absolute. */
export function inside(root: string, target: string): boolean {
  // A normalised path that starts with the root's: what path.relative would say, without resolving both again.
  if (sep === "/" && target.startsWith(root.endsWith("/") ? root : root + "/") && !NOT_NORMAL.test(target)) return true;
  const rel = relative(root, target);
  return rel === "" || (!rel.startsWith(".." + sep) && rel !== ".." && !isAbsolute(rel));
}
