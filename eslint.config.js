import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "schemas/generated/", "coverage/", "bench/.work/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-non-null-assertion": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Types are erased, so the library may name SDK input types; values load lazily from src/aws/ only.
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [{ group: ["@aws-sdk/*"], allowTypeImports: true, message: "Import the AWS SDK lazily from src/aws/ only." }] }]
    }
  },
  {
    // Type-aware rules: a promise nobody awaits loses its rejection (an unhandled rejection, or a test that passes
    // before its assertions ran). projectService reads tsconfig.json, which includes these folders; .js/.mjs
    // files are outside the TypeScript project, so this block is for .ts only.
    files: ["src/**/*.ts", "rules/**/*.ts", "scripts/**/*.ts", "test/**/*.ts", "bench/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's describe/it/test/suite return promises the runner itself awaits; floating them is how node:test is used.
      "@typescript-eslint/no-floating-promises": ["error", { allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["describe", "it", "test", "suite"] }] }],
      "@typescript-eslint/no-misused-promises": "error"
    }
  },
  {
    // The SDK is loaded lazily by src/aws/ (dynamic import), and the tests drive the real clients.
    files: ["src/aws/**/*.ts", "test/**/*.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": "off" }
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable", __dirname: "readonly", __filename: "readonly", process: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" }
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", performance: "readonly", setInterval: "readonly", clearInterval: "readonly", globalThis: "readonly" } }
  }
);
