/**
 * What one guarded call works with: the resolved lint config, the AWS services (shared cache, retries and
 * clients), the control plane for the puts, and a live-state reader whose first answers the lint reuses.
 */
import { discover, loadConfig, resolveConfig, type ResolvedConfig } from "../engine/config.js";
import type { LiveStateService, LiveMrap, LiveMrapPolicy } from "../engine/services.js";
import type { NetworkServices, RuleModule } from "../engine/types.js";
import type { ControlPlane } from "../aws/control.js";
import type { AwsClients } from "../aws/clients.js";
import type { RetryOptions } from "../aws/retry.js";
import type { GuardOptions } from "./types.js";

export interface Engine {
  rules: readonly RuleModule[];
  toolVersion: string;
}

export interface Session {
  cwd: string;
  config: ResolvedConfig;
  engine: Engine;
  options: GuardOptions;
  /** For the lint: Access Analyzer (unless skipped) and a live reader that replays the plan's reads. */
  services: NetworkServices;
  /** Fresh reads, never replayed. */
  live: LiveStateService;
  control: ControlPlane;
  /** The SDK clients behind `live` and `control`, for the apply's own strict reads. */
  clients: AwsClients;
  /** When the whole guarded call must end (epoch ms): every AWS call's timeout and backoff are cut to it. */
  deadline: number;
  /** Remembered reads of the plan, so the lint and the plan see the same state. */
  remember: LiveMemo;
  retry: RetryOptions;
  warn(line: string): void;
  info(line: string): void;
  close(): void;
}

/**
 * Answers the lint's first live reads from what the plan read, so both see one state of AWS. One memo per
 * guarded step: what an earlier step read (an MRAP missing before its create) may no longer be true.
 */
export class LiveMemo {
  readonly mrap = new Map<string, LiveMrap | undefined>();
  readonly policy = new Map<string, LiveMrapPolicy | undefined>();

  wrap(live: LiveStateService): LiveStateService {
    return {
      getMultiRegionAccessPoint: (input) => (this.mrap.has(input.name) ? Promise.resolve(this.mrap.get(input.name)) : live.getMultiRegionAccessPoint(input)),
      getMultiRegionAccessPointPolicy: (input) =>
        this.policy.has(input.name) ? Promise.resolve(this.policy.get(input.name)) : live.getMultiRegionAccessPointPolicy(input),
      getBucketRegion: (input) => live.getBucketRegion(input),
      getBucketPolicy: (input) => live.getBucketPolicy(input),
    };
  }
}

async function configFor(options: GuardOptions, engine: Engine, cwd: string): Promise<ResolvedConfig> {
  if (options.config) {
    const { root } = await discover(cwd);
    return resolveConfig(options.config, { root, rules: engine.rules });
  }
  return loadConfig({ cwd, rules: engine.rules, ...(options.configFile ? { configPath: options.configFile } : {}) });
}

/**
 * The Access Analyzer checks an apply always runs, because a guarded apply never puts an unchecked policy: a
 * config that turns them off does not skip them on this path, only --skip-access-analyzer does, and that is
 * recorded in the audit log.
 */
export const APPLY_CHECKS = ["access-analyzer/validate-policy", "access-analyzer/no-new-access"] as const;

function withApplyChecks(config: ResolvedConfig, engine: Engine, warn: (line: string) => void): ResolvedConfig {
  const missing = APPLY_CHECKS.filter((id) => !config.rules.has(id));
  if (missing.length === 0) return config;
  const rules = new Map(config.rules);
  for (const id of missing) {
    const rule = engine.rules.find((r) => r.id === id);
    if (rule) rules.set(id, { severity: rule.meta.severity, options: { ...(rule.meta.defaultOptions ?? {}) } });
  }
  warn(`The config turns off ${missing.join(" and ")}; an apply runs them anyway (pass --skip-access-analyzer to skip Access Analyzer, which the audit log records).`);
  return { ...config, rules };
}

export async function openSession(options: GuardOptions, engine: Engine): Promise<Session> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = await configFor(options, engine, cwd);
  const config = options.skipAccessAnalyzer ? loaded : withApplyChecks(loaded, engine, (line) => options.logger?.warn?.(line));
  const { setUpNetwork } = await import("../aws/index.js");
  const { createControlPlane } = await import("../aws/control.js");
  const deadline = options.deadlineAt ?? Date.now() + (options.timeoutSeconds ?? 600) * 1000;
  const retry: RetryOptions = {
    deadline: () => deadline,
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const warn = (line: string) => options.logger?.warn?.(line);
  const network = await setUpNetwork({
    cwd,
    toolVersion: engine.toolVersion,
    settings: config.accessAnalyzer,
    accessAnalyzer: options.skipAccessAnalyzer ? "off" : "required",
    live: true,
    notice: warn,
    cache: options.cache ?? false,
    retry,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.clients ? { clients: options.clients } : {}),
  });
  if (!network?.services.live) throw new Error("mrap-guard: the live-state service could not be set up");
  const live = network.services.live;
  const remember = new LiveMemo();
  const services: NetworkServices = {
    live: remember.wrap(live),
    ...(network.services.accessAnalyzer ? { accessAnalyzer: network.services.accessAnalyzer } : {}),
  };
  return {
    cwd,
    config,
    engine,
    options,
    services,
    live,
    control: createControlPlane({ clients: network.clients, retry }),
    clients: network.clients,
    deadline,
    remember,
    retry,
    warn,
    info: (line) => options.logger?.info?.(line),
    close: () => network.close(),
  };
}

/** Runs `use` with a session of its own, closed afterwards whatever happens. */
export async function withSession<T>(options: GuardOptions, engine: Engine, use: (session: Session) => Promise<T>): Promise<T> {
  const session = await openSession(options, engine);
  try {
    return await use(session);
  } finally {
    session.close();
  }
}

/**
 * The session one guarded step works in: the config, clients, cache and deadline of `shared`, the step's own
 * options, and a fresh memo of live reads. Closing it is the owner's: `shared` closes once, after every step.
 */
export function stepSession(shared: Session, options: GuardOptions = shared.options): Session {
  const remember = new LiveMemo();
  return { ...shared, options, remember, services: { ...shared.services, live: remember.wrap(shared.live) }, close: () => undefined };
}
