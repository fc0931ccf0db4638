/** Regenerates the README's rule table from rule metadata (`npm run docs`); a test fails when it is stale. */
import { readFileSync, writeFileSync } from "node:fs";
import { rules } from "../rules/index.js";
import { replaceTable, ruleTable } from "./rule-table.js";

const path = new URL("../README.md", import.meta.url);
writeFileSync(path, replaceTable(readFileSync(path, "utf8"), ruleTable(rules)));
console.log("README rule table updated");
