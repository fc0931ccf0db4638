import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/** The package version, read from the nearest mrap-guard package.json above this module. */
export function version(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "mrap-guard" && pkg.version) return (cached = pkg.version);
    } catch {
      // keep looking upward
    }
    const parent = dirname(dir);
    if (parent === dir) return (cached = "0.0.0");
    dir = parent;
  }
}
