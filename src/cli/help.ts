export const MAIN_HELP = `Usage: mrap-guard <command> [options]

Make changes to Amazon S3 Multi-Region Access Points safe before they reach AWS.

Commands:
  lint [paths...]   Lint manifests and policy files (files, directories or globs)
  rules             List the rules with their severity and description
  plan <manifest>   Show what apply would change in AWS (sends nothing)
  apply <manifest>  Apply a manifest through the guarded path
  help [command]    Show help for a command

Options:
  -h, --help        Show help
  -v, --version     Show the version

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, config or internal error.`;

export const LINT_HELP = `Usage: mrap-guard lint [options] <paths...>

Lint MRAP manifests (*.mrap.json, *.mrap.yaml) and policy files. Directories are searched for
.json/.yaml/.yml files (node_modules and .git are skipped); globs are expanded by mrap-guard.

Options:
  -f, --format <name>      stylish (default), json, sarif, github, junit
  -o, --output-file <path> Write the report to a file instead of stdout
      --fail-on <level>    Exit 1 on findings at or above: error (default), warning, info
      --max-warnings <n>   Exit 1 when there are more than n warnings
      --max-findings-per-file <n>
                           Report at most n findings of one file, then how many more
                           (default 1000; the exit code counts them all)
      --kind <kind>        Treat standalone files as: manifest, mrap-policy,
                           access-point-policy, bucket-policy
  -c, --config <path>      Use this config file instead of discovering one
      --changed            The paths are the files that changed (pre-commit): also lint the
                           manifests that reference them (see below)
  -q, --quiet              Report errors only (warnings still count for --max-warnings
                           and --fail-on)
      --color, --no-color  Force colour on or off (default: on a TTY unless NO_COLOR is set)
      --debug              Show stack traces for rule and internal errors
  -h, --help               Show this help

With --changed, the manifests under the project root (skipping what directory linting skips) that
reference a given policy file are found and linted with it, so cross-file rules see the whole MRAP.
Findings are reported for the given files and those manifests. A manifest's other policies are read
for context only: their own findings are not reported, and a cross-file finding placed on one is
reported on the manifest's line that references it, with the file and line in the message.

AWS (off by default; credentials and Region from the SDK's default chain):
      --access-analyzer    Check policies with IAM Access Analyzer (a failed call is an error)
      --no-access-analyzer Skip them even when the config enables them
      --live               Read the live MRAP, bucket Regions and bucket policies
      --reference-policy <file>
                           Check that policies of its kind grant no new access (CheckNoNewAccess)
      --profile <name>     Use this AWS profile
      --region <region>    Default Region (MRAP control-plane calls always use us-west-2)
      --cache-location <dir>
                           Where Access Analyzer results are cached
                           (default: node_modules/.cache/mrap-guard, else the user cache)
      --no-cache           Do not read or write the cache

Endpoints honour AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_ACCESSANALYZER, AWS_ENDPOINT_URL_S3_CONTROL and
AWS_ENDPOINT_URL_S3.`;

export const RULES_HELP = `Usage: mrap-guard rules [options]

List every rule with its effective severity (after the config) and description.

Options:
  -c, --config <path>      Use this config file instead of discovering one
      --color, --no-color  Force colour on or off
  -h, --help               Show this help`;

const APPLY_COMMON = `  -f, --format <name>      stylish (default) or json
  -c, --config <path>      Use this config file instead of discovering one
      --allow-new-access   Proceed when Access Analyzer says a policy grants new access
      --skip-access-analyzer
                           Do not run the Access Analyzer checks (recorded in the audit log)
      --profile <name>     Use this AWS profile
      --region <region>    Default Region (MRAP control-plane calls always use us-west-2)
      --color, --no-color  Force colour on or off
      --debug              Show stack traces for internal errors
  -h, --help               Show this help`;

export const PLAN_HELP = `Usage: mrap-guard plan [options] <manifest>

Show what "mrap-guard apply" would do, against the live state: the steps (create the Multi-Region Access
Point, put its policy, submit its routes, put access point policies), a diff of each policy, immutable-field
drift, findings and refusals. Sends nothing.

Options:
${APPLY_COMMON}

Exit codes: 0 apply would proceed, 1 apply would refuse, 2 usage, config or internal error.`;

export const APPLY_HELP = `Usage: mrap-guard apply [options] <manifest>

Apply a manifest: lint it, read the live state, refuse on blocking findings, immutable changes or new access,
then run each step once (idempotent ClientToken), wait for the asynchronous operation and read the result
back. Asks for confirmation on a terminal; elsewhere --yes is required.

Options:
  -y, --yes                Apply without asking
      --dry-run            Plan only (the same as mrap-guard plan)
      --timeout <seconds>  Deadline for the whole apply, every AWS call included (default 600)
      --audit-log <file>   Append intent and result JSON lines here (default .mrap-guard/audit.jsonl)
${APPLY_COMMON}

Exit codes: 0 every step applied and verified, or nothing to change; 1 a step was refused, failed or is
not verified yet; 2 usage, config or internal error.`;
