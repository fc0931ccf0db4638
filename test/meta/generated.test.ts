import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { generate } from "../../scripts/generate-schemas.js";

const schemasDir = new URL("../../schemas", import.meta.url).pathname;

it("precompiled validators and JSON schema copies are up to date (run npm run generate)", () => {
  for (const [file, text] of generate()) assert.equal(readFileSync(join(schemasDir, file), "utf8"), text, `schemas/${file} is stale`);
});
