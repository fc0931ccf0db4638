/** The rule checks: which enabled rules run on a kind of document, and running them on a lint's targets. */
import { isServiceError, ruleErrorFinding, serviceErrorFinding } from "./error-findings.js";
import type { FindingsSink, Reported } from "./findings-sink.js";
import { documentTarget } from "./targets.js";
import type { DocumentKind, FindingData, LintOptions, NetworkRuleContext, NetworkRun, Report, RuleContext, RuleModule, RuleSetting, Target } from "./types.js";

const UNRESOLVED_VALUE = "core/unresolved-value";

interface Check {
  rule: RuleModule;
  setting: RuleSetting;
}

/** The enabled rules of one lint, run on its targets: the offline checks, then (given the network) the network checks. */
export class RuleChecks {
  private readonly rulesById: ReadonlyMap<string, RuleModule>;
  private readonly checksByKind = new Map<string, Check[]>();

  constructor(
    private readonly options: Pick<LintOptions, "config" | "rules" | "debug">,
    private readonly sink: FindingsSink,
  ) {
    this.rulesById = new Map(options.rules.map((rule) => [rule.id, rule]));
  }

  runOffline(target: Target): void {
    let current!: Check;
    // One context per target; only the rule and its options change between checks (checks are synchronous).
    const context: RuleContext<string, unknown> = {
      ruleId: "",
      kind: target.kind,
      target,
      value: target.value,
      options: undefined,
      manifest: target.manifest,
      report: (report) => this.reportFinding(checkFinding(current.rule, target, report)),
    };
    const mutable = context as { ruleId: string; options: unknown };
    for (const check of this.checksFor(target.kind)) {
      current = check;
      mutable.ruleId = check.rule.id;
      mutable.options = check.setting.options;
      try {
        check.rule.check!(context);
      } catch (error) {
        this.sink.report(ruleErrorFinding(target, check.rule, error, this.options.debug));
      }
    }
  }

  async runNetwork(targets: readonly Target[], network: NetworkRun): Promise<void> {
    const jobs: (() => Promise<void>)[] = [];
    for (const target of targets) {
      // A context-only policy's own findings are not reported: no call is made for them.
      if (this.sink.isContextOnly(target.doc)) continue;
      for (const check of this.checksFor(target.kind, network)) jobs.push(() => this.runNetworkCheck(target, check, network));
    }
    let done = 0;
    await Promise.all(
      jobs.map(async (job) => {
        await job();
        network.onProgress?.(++done, jobs.length);
      }),
    );
  }

  private async runNetworkCheck(target: Target, { rule, setting }: Check, network: NetworkRun): Promise<void> {
    const context: NetworkRuleContext<string, unknown> = {
      ruleId: rule.id,
      kind: target.kind,
      target,
      value: target.value,
      options: setting.options,
      manifest: target.manifest,
      services: network.services,
      accessAnalyzer: this.options.config.accessAnalyzer,
      ...(network.referencePolicy ? { referencePolicy: network.referencePolicy } : {}),
      report: (report) => this.reportFinding(checkFinding(rule, target, report)),
    };
    try {
      await rule.checkAsync!(context);
    } catch (error) {
      if (isServiceError(error)) return this.sink.report(serviceErrorFinding(target, "", error));
      this.sink.report(ruleErrorFinding(target, rule, error, this.options.debug));
    }
  }

  private reportFinding(finding: Reported | undefined): void {
    if (finding) this.sink.report(finding);
  }

  /**
   * The enabled rules for one kind, worked out once per lint: the offline rules with a check, or (given the
   * network) the network rules whose service this lint has.
   */
  private checksFor(kind: DocumentKind, network?: NetworkRun): Check[] {
    const key = network ? `network:${kind}` : kind;
    let checks = this.checksByKind.get(key);
    if (!checks) {
      checks = [];
      for (const [id, setting] of this.options.config.rules) {
        const rule = this.rulesById.get(id);
        if (!rule || rule.meta.engine || !rule.meta.appliesTo.includes(kind)) continue;
        const service = rule.meta.requiresNetwork;
        const runs = network ? rule.checkAsync && service && network.services[service] && (service !== "live" || network.live) : rule.check && !service;
        if (runs) checks.push({ rule, setting });
      }
      this.checksByKind.set(key, checks);
    }
    return checks;
  }
}

/**
 * A rule's report on `target` (or on another document of its manifest) as the findings sink takes it. A report
 * about a value its template leaves unresolved is not the rule's finding (the value may be right once deployed):
 * it becomes one core/unresolved-value finding on that value, whichever rules reported it.
 */
function checkFinding(rule: RuleModule, target: Target, report: Report<string>): Reported | undefined {
  const { messageId, pointer, at, data, severity, helpUri, related, distinct } = report;
  const on = report.target ?? target;
  const unresolved = on.unresolvedAt?.(report.subject ?? pointer ?? "");
  // A Ref to nothing is template/unknown-reference's finding; what a rule makes of its value would only repeat it.
  if (unresolved?.broken) return undefined;
  if (unresolved) {
    const source = documentTarget(on.kind, on.doc);
    return { ruleId: UNRESOLVED_VALUE, messageId: "unresolved", target: source, pointer: unresolved.pointer, data: { rule: rule.id, reason: unresolved.reason } };
  }
  const shown = on.placeholders?.length && data ? withExpressions(data, on.placeholders) : data;
  return { ruleId: rule.id, messageId, target: on, pointer, at, data: shown, check: { ranOn: target, severity, helpUri, related, distinct } };
}

/** A message names what the template writes (`Fn::GetAtt OrdersMrap.Alias`), not the text that stood for it. */
function withExpressions(data: FindingData, placeholders: NonNullable<Target["placeholders"]>): FindingData {
  const out: FindingData = {};
  for (const [key, value] of Object.entries(data)) {
    out[key] = typeof value === "string" ? placeholders.reduce((text, p) => text.split(p.value).join(p.expression), value) : value;
  }
  return out;
}
