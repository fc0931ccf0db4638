export const MAIN_HELP = `Usage: mrap-guard <command> [options]

Make changes to Amazon S3 Multi-Region Access Points safe before they reach AWS.

Commands:
  lint [paths...]   Lint manifests and policy files (files, directories or globs)
  rules             List the rules with their severity and description
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
      --kind <kind>        Treat standalone files as: manifest, mrap-policy,
                           access-point-policy, bucket-policy
  -c, --config <path>      Use this config file instead of discovering one
  -q, --quiet              Report errors only
      --color, --no-color  Force colour on or off (default: on a TTY unless NO_COLOR is set)
      --debug              Show stack traces for rule and internal errors
  -h, --help               Show this help

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
