import { resolve } from "node:path";
import { loadDocument } from "../document/index.js";
import { UsageError } from "./errors.js";
import { inferKind } from "./kinds.js";
import type { DocumentKind, ReferencePolicy } from "./types.js";

/**
 * Loads `--reference-policy FILE`: the policy CheckNoNewAccess compares against. It applies to the linted
 * policies of its own kind (from `--kind`, else its Resource ARNs), so one run can hold other kinds too.
 */
export async function loadReferencePolicy(file: string, cwd: string, kind: DocumentKind | undefined): Promise<ReferencePolicy> {
  const doc = await loadDocument(resolve(cwd, file), file);
  const problem = doc.problems.find((p) => p.kind !== "duplicate-key" && p.kind !== "numeric-account-id") ?? (doc.ok ? undefined : doc.problems[0]);
  if (problem || !doc.ok) {
    const where = problem ? `${file}:${problem.range.start.line}:${problem.range.start.column}` : file;
    throw new UsageError(`--reference-policy ${where}: ${problem?.message ?? "cannot be read"}`);
  }
  const guess = kind ? { kind } : inferKind(file, doc.value);
  if (guess.kind === undefined || guess.kind === "manifest") {
    const reason = guess.kind === undefined ? guess.reason : "it is a manifest, not a policy";
    throw new UsageError(`--reference-policy ${file}: cannot tell which kind of policy it is (${reason}); pass --kind`);
  }
  return { file, kind: guess.kind, text: JSON.stringify(doc.value) };
}
