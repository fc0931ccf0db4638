// Runs every test file with Node's test runner (Node 20 neither expands globs nor finds .ts files itself).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith(".test.ts")) files.push(relative(root, path));
  }
};
walk(join(root, "test"));
files.sort();
const filter = process.argv.slice(2);
const selected = filter.length ? files.filter((f) => filter.some((part) => f.includes(part))) : files;
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", ...selected], { cwd: root, stdio: "inherit" });
process.exit(result.status ?? 1);
