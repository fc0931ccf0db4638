/** The lint, orchestrated: the inventory, the live facts, the rule checks and the findings sink, in that order. */
import { UsageError } from "./errors.js";
import { expandInputs } from "./files.js";
import { FindingsSink } from "./findings-sink.js";
import { Inventory, type Entry, type WiredManifest } from "./inventory.js";
import { readLiveFacts } from "./live-facts.js";
import { ProjectPaths } from "./project-paths.js";
import { RuleChecks } from "./rule-checks.js";
import type { LintOptions, LintResult, Target } from "./types.js";

/** Lints files, directories and globs. */
export async function lintFiles(patterns: readonly string[], options: LintOptions): Promise<LintResult[]> {
  const inputs = await expandInputs(patterns, options.cwd, options.config.root, options.config.isIgnored);
  if (inputs.length === 0) throw new UsageError("no files to lint");
  const lint = new LintRun(options);
  const entries = await Promise.all(inputs.map((input) => lint.inventory.entry(input.path, input.explicit)));
  if (options.changed) entries.push(...(await lint.inventory.referencingManifests(entries)));
  return lint.run(entries);
}

/** Lints one document given as text; `filePath` decides the format and is used for findings and references. */
export async function lintText(text: string, filePath: string, options: LintOptions): Promise<LintResult[]> {
  const lint = new LintRun(options);
  return lint.run([await lint.inventory.entryFromText(filePath, text)]);
}

/**
 * One lint, in its parts: the inventory reads the files and wires manifests to their policies, the live facts
 * are read (`--live`), the rule checks run on every target, and the findings sink makes the results.
 */
class LintRun {
  private readonly sink: FindingsSink;
  readonly inventory: Inventory;
  private readonly checks: RuleChecks;

  constructor(private readonly options: LintOptions) {
    const paths = new ProjectPaths(options.cwd, options.config.root);
    this.sink = new FindingsSink(options.config, options.rules, paths);
    this.inventory = new Inventory(options, paths, this.sink);
    this.checks = new RuleChecks(options, this.sink);
  }

  async run(entries: readonly Entry[]): Promise<LintResult[]> {
    const wiring = await this.inventory.wire(entries);
    const network = this.options.network;
    const live = network?.live ? network.services.live : undefined;
    if (live) await Promise.all(wiring.manifests.map((manifest) => readLiveFacts(manifest, live, { sink: this.sink, inventory: this.inventory })));
    const targets = [...wiring.manifests.flatMap(targetsOf), ...wiring.standalone];
    this.inventory.reportUnknownKinds(wiring.unknown);
    for (const target of targets) {
      this.inventory.reportProblems(target.doc);
      this.sink.addFile(target.doc);
      this.checks.runOffline(target);
    }
    if (network) await this.checks.runNetwork(targets, network);
    return this.sink.results();
  }
}

/** A manifest's targets: itself, then its MRAP policy, bucket policies and access point policies. */
function targetsOf(manifest: WiredManifest): Target[] {
  return [manifest.target, ...(manifest.mrapPolicy ? [manifest.mrapPolicy] : []), ...manifest.bucketPolicies.values(), ...manifest.accessPointPolicies.values()];
}
