import validateConfig from "./generated/config.validate.cjs";
import validateManifest from "./generated/manifest.validate.cjs";
import validatePolicy from "./generated/policy.validate.cjs";

export { configSchema, type ConfigFile } from "./config.schema.js";
export { manifestSchema, type Manifest } from "./manifest.schema.js";
export { policySchema, type PolicyDocument } from "./policy.schema.js";
export type { CompiledValidator, SchemaError } from "./validator.js";
export { validateConfig, validateManifest, validatePolicy };
