import { readBoundedFile } from "./document/read.js";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/** The package version, read from the nearest mrap-guard package.json above this module. */
export function version(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    // A package.json that is no regular file under the size limit (a symlink to /dev/zero) is passed over.
    const read = readBoundedFile(join(dir, "package.json"));
    if (read.ok) {
      try {
        const pkg = JSON.parse(read.bytes.toString("utf8")) as { name?: string; version?: string };
        if (pkg.name === "mrap-guard" && typeof pkg.version === "string" && pkg.version) return (cached = pkg.version);
      } catch {
        // keep looking upward
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return (cached = "0.0.0");
    dir = parent;
  }
}
