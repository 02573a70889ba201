/**
 * What every command accepts and how it exits, as data: cli/args.ts parses and prints help from
 * it, cli/main.ts lists it, and a test holds the README's exit-code table to it. Kept apart from
 * the commands so that `switchyard <command> --help` loads none of their code.
 */
import { helpTable, type CommandSpec } from "./args";

const STACK_ARG = { name: "STACK|FILE", description: "a stack name (prod means stacks/prod.yaml in the project) or a stack file path", required: true } as const;
const BAD_INPUT = "bad arguments or input (the error line says what and what to do)";

export const validateSpec: CommandSpec = {
  name: "validate",
  brief: "check stack files",
  summary: "Checks stack files without loading any Pulumi code: every defect as FILE:LINE:COL: path: message.",
  details: ["With --all, or several files, also checks across environments: production's Cloudflare account is its own, and gateway ids are unique per account."],
  arguments: [{ name: "STACK|FILE", description: "stack names or stack file paths", required: false, variadic: true }],
  options: [
    { name: "all", type: "boolean", description: "every stack file in the project's stacks/ folder" },
    { name: "format", type: "string", choices: ["text", "json"], default: "text", description: "output format" },
  ],
  exitCodes: [
    [0, "every file is valid"],
    [2, `a file has defects, or ${BAD_INPUT}`],
  ],
  examples: ["switchyard validate --all", "switchyard validate prod --format json"],
};

export const planSpec: CommandSpec = {
  name: "plan",
  brief: "the offline review report of a stack",
  summary: "The offline review report: runs the program under Pulumi's mock engine and the policy pack, with no credentials.",
  details: [
    "Prints the chosen format; with --out, writes every format to DIR (plan.txt, plan.md, plan.json, plan.sarif). When nothing can be planned (exit 2), --out holds only plan.md, which says why.",
  ],
  arguments: [STACK_ARG],
  options: [
    { name: "format", type: "string", choices: ["text", "md", "json", "sarif"], default: "text", description: "what goes to standard output" },
    { name: "out", type: "string", value: "DIR", description: "also write every format to DIR" },
    { name: "base", type: "string", value: "GIT-REF", description: "add the changes against the same file at a git ref" },
    { name: "policy-config", type: "string", value: "FILE", description: "policy config to use (default: policies/config/<environment>.json)" },
    { name: "today", type: "string", value: "YYYY-MM-DD", description: "judge dates as of this UTC date (default: SWITCHYARD_TODAY, else today)" },
  ],
  exitCodes: [
    [0, "no mandatory policy fails (and, with --base, no failing lifecycle finding)"],
    [1, "at least one mandatory policy fails, or, with --base, a lifecycle finding fails"],
    [2, `nothing was planned: the stack file is invalid, or ${BAD_INPUT}`],
  ],
  examples: ["switchyard plan prod", "switchyard plan prod --format md --out plan-out/prod --base origin/main"],
};

export const decisionsSpec: CommandSpec = {
  name: "decisions",
  brief: "the access decision record of every workload",
  summary: "Renders the access decision record of every workload of a stack: path, provider accounts, gateway keys, routes, base URLs, who pays, counts, reviews and rolls back, and when it is reviewed.",
  details: [
    "Every field of the template, in its order, derived from the stack file where it can be and from workloads.<w>.decision for the rest (docs/decisions.md). Keys appear as labels with their owner and rotation date, never as keys; a record past its review date says so. With --out, writes decisions.md and decisions.json to DIR.",
  ],
  arguments: [STACK_ARG],
  options: [
    { name: "format", type: "string", choices: ["md", "json"], default: "md", description: "what goes to standard output" },
    { name: "out", type: "string", value: "DIR", description: "also write every format to DIR" },
    { name: "today", type: "string", value: "YYYY-MM-DD", description: "judge review dates as of this UTC date (default: SWITCHYARD_TODAY, else today)" },
  ],
  exitCodes: [
    [0, "the records were printed"],
    [2, `the stack file is invalid, or ${BAD_INPUT}`],
  ],
  examples: ["switchyard decisions prod", "switchyard decisions prod --format json --out decisions/prod"],
};

export const smokeSpec: CommandSpec = {
  name: "smoke",
  brief: "run prompts through the front door before moving traffic",
  summary: "Runs a prompt set through the front door, with every route and model the key may call, before moving traffic, and walks the steps a team follows before it does.",
  details: [
    "The key is read from the environment variable named by --key-env and never printed. With --compare-direct, the same prompts also go straight to each provider with its official SDK and the key from the provider's own variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, MISTRAL_API_KEY, ...; never printed), side by side: model, response shape, token usage, error behaviour and latency.",
    "The report walks the steps before moving traffic (a scoped key for one non-critical route; a staging client on the base URL; the prompt set recorded; usage visible; a conservative budget; old key, base URL and model ready for rollback; provider-level controls that stay direct), each checked, failed or left to a person.",
  ],
  arguments: [STACK_ARG],
  options: [
    { name: "key-env", type: "string", value: "VAR", description: "environment variable holding a gateway key (required)" },
    { name: "base-url", type: "string", value: "URL", description: "the front door's URL (default: https://<gateway.frontDoor.hostname>)" },
    { name: "route", type: "string", value: "R", description: "only this route (default: every route and model the key may call)" },
    { name: "target", type: "string", choices: ["primary", "rollback"], description: "the graph route calls reach: rollback tries the standby graph before it is needed" },
    { name: "prompts", type: "string", value: "FILE", description: "prompt set (default: cli/smoke-prompts.json)" },
    { name: "workload", type: "string", value: "W", description: "the workload the key belongs to (default: the key-name's, else the one whose routes and models the key may call)" },
    { name: "key-name", type: "string", value: "NAME", description: "the stack's label of the key in --key-env (default: the workload's only key); --ledger checks the requests are recorded under it" },
    { name: "compare-direct", type: "boolean", description: "also send the prompts straight to each provider and compare" },
    { name: "ledger", type: "string", value: "DIR|s3://…", description: "then find the smoke's requests in the usage ledger (a bucket copy or the bucket) by their log ids, under the workload and key" },
    { name: "ledger-wait", type: "string", value: "MINUTES", description: "how long to wait for the exporter to read them (default: usageLedger.exportEveryMinutes + 15; 0 looks once)" },
    { name: "format", type: "string", choices: ["text", "md", "json"], default: "text", description: "output format" },
  ],
  exitCodes: [
    [0, "every call passed and no step failed"],
    [1, "a call failed, the front door refused the key, the direct path answered otherwise, or a step failed"],
    [2, `the front door could not be reached (the URL and the cause are named), or ${BAD_INPUT}`],
  ],
  examples: [
    "CHECKOUT_KEY=... switchyard smoke prod --key-env CHECKOUT_KEY",
    "K=... switchyard smoke prod --key-env K --route chat --target rollback",
    "K=... OPENAI_API_KEY=... switchyard smoke staging --key-env K --compare-direct",
  ],
};

export const ledgerSummarizeSpec: CommandSpec = {
  name: "ledger summarize",
  brief: "the month's chargeback from the usage ledger",
  summary: "The month's chargeback for finance: usage per workload, gateway key, provider and model, each key's and each workload's total, each workload against its budget, and the hours the ledger covers, from a local copy of the ledger bucket or straight from S3 (your AWS credentials).",
  details: [
    "CSV has a row_type column: usage rows (one per workload, key, provider and model) carry the counts and the exact cost, budget rows only the budget, so summing a column counts nothing twice. A direct workload's budget reads \"not metered by the gateway\"; rows of another environment than the --budgets stack's are reported under their own.",
  ],
  arguments: [{ name: "DIR|s3://BUCKET/PREFIX", description: "a local copy of the ledger bucket, or an s3:// URL", required: true }],
  options: [
    { name: "month", type: "string", value: "YYYY-MM", description: "the month to sum (required)" },
    { name: "format", type: "string", choices: ["text", "csv", "md", "json"], default: "text", description: "output format" },
    { name: "budgets", type: "string", value: "STACK|FILE", description: "add each workload's budget and the share used, from a stack file" },
  ],
  exitCodes: [
    [0, "the chargeback was printed"],
    [2, `the ledger could not be read, or ${BAD_INPUT}`],
  ],
  examples: ["switchyard ledger summarize ./ledger-copy --month 2026-11 --budgets prod", "switchyard ledger summarize s3://acme-ledger/ --month 2026-11 --format csv"],
};

export const initSpec: CommandSpec = {
  name: "init",
  brief: "add an environment: its stack file and policy config",
  summary: "Adds an environment: stacks/<ENV>.yaml and policies/config/<ENV>.json, copied from an existing stack of the same kind.",
  details: [
    "The copy gets the new environment name, and the old name in gateway.id and gateway.frontDoor.hostname is replaced by the new one; review the accounts, roles and keys before the first deploy. The pull-request workflow plans every stacks/*.yaml, so the new stack is picked up on the next pull request.",
  ],
  arguments: [{ name: "ENV", description: "the new environment's name (the Pulumi stack name): a lowercase slug", required: true }],
  options: [
    {
      name: "from",
      type: "string",
      value: "STACK",
      description: "the stack to copy (default: the first production stack for a production name such as prod-eu, else the first other stack)",
    },
  ],
  exitCodes: [
    [0, "both files were written and the new stack file is valid"],
    [2, `nothing was written: ${BAD_INPUT}`],
  ],
  examples: ["switchyard init qa", "switchyard init prod-eu --from prod"],
};

export const discoverSpec: CommandSpec = {
  name: "discover",
  brief: "find where application code reaches AI providers",
  summary: "Reads application source trees (TypeScript/JavaScript and Python) and lists every place that reaches an AI provider, directly or through the gateway: SDK clients and calls, framework models, raw HTTP to provider hosts, with base URL, key source, model ids and endpoint family; raw keys in code by place and kind, never shown.",
  details: [
    "Prints the sprawl the code shows (provider accounts, keys, base URLs, model ids, services) and, per service, a drafted workload and decision record (validated by the stack-file loader), the code lines that move to the gateway and the checks before moving traffic. A service is a top-level directory under each PATH (or PATH itself when it holds package.json, pyproject.toml, setup.py or requirements.txt); it is compared with the workload of the same label (docs/migration.md).",
    "With --stack, the code is held to the stack file: a gateway workload whose code calls a provider directly (a gateway bypass), a model or route its scope does not serve, and a raw key in code fail. With --out, writes discover.txt, discover.md, discover.json, draft-stack.yaml and, with --stack, workloads.yaml and decisions.md to DIR.",
  ],
  arguments: [{ name: "PATH", description: "application source trees (or files) to read", required: true, variadic: true }],
  options: [
    { name: "stack", type: "string", value: "STACK|FILE", description: "compare the code with this stack file (a stack name or a path)" },
    { name: "format", type: "string", choices: ["text", "md", "json"], default: "text", description: "what goes to standard output" },
    { name: "out", type: "string", value: "DIR", description: "also write every format and the drafts to DIR" },
    { name: "today", type: "string", value: "YYYY-MM-DD", description: "date the drafts (key expiry, rotation) as of this UTC date (default: SWITCHYARD_TODAY, else today)" },
  ],
  exitCodes: [
    [0, "no failing finding"],
    [1, "a failing finding: a gateway bypass, a model or route the workload does not serve, or a raw key in code"],
    [2, `the stack file is invalid, or ${BAD_INPUT}`],
  ],
  examples: ["switchyard discover services/", "switchyard discover examples/apps --stack dev --format md --out discover-out"],
};

export const importLitellmSpec: CommandSpec = {
  name: "import litellm",
  brief: "a stack file from a LiteLLM proxy config",
  summary: "Turns a LiteLLM proxy config (model_list with litellm_params, os.environ/ keys, router_settings and litellm_settings fallbacks, rpm/tpm, budgets, virtual-key settings) into a stack file that validates, with a pulumiSecret reference for every key, and reports every setting that has no equivalent, with why.",
  details: [
    "The stack file goes to --out (default: standard output, the report to standard error); it is checked by the stack-file loader before it is written. Placeholders a person must fill (accounts, owners, roles) are marked # TODO. The mapping and what does not map: docs/migration.md.",
  ],
  arguments: [{ name: "CONFIG", description: "the LiteLLM proxy config.yaml", required: true }],
  options: [
    { name: "environment", type: "string", value: "ENV", description: "the environment (stack) name (default: imported)" },
    { name: "out", type: "string", value: "FILE", description: "write the stack file here (a report of what did not map goes to standard output)" },
    { name: "format", type: "string", choices: ["text", "json"], default: "text", description: "the report's format" },
    { name: "today", type: "string", value: "YYYY-MM-DD", description: "date rotations and key expiries as of this UTC date (default: SWITCHYARD_TODAY, else today)" },
  ],
  exitCodes: [
    [0, "the stack file was written and validates"],
    [2, `the config could not be read or converted, or ${BAD_INPUT}`],
  ],
  examples: ["switchyard import litellm config.yaml --environment qa --out stacks/qa.yaml"],
};

/** Every command, as the top-level help and README list them. */
export const COMMAND_SPECS: readonly CommandSpec[] = [validateSpec, planSpec, decisionsSpec, smokeSpec, ledgerSummarizeSpec, initSpec, discoverSpec, importLitellmSpec];

export const IMPORT_SOURCES = ["litellm"];

/** `switchyard import --help`: the group and its importers. */
export function importHelp(): string {
  return [
    "usage: switchyard import <source> ...",
    "",
    "sources:",
    ...helpTable([["litellm", importLitellmSpec.summary]]),
    "",
    "switchyard import litellm --help for its arguments, options and exit codes.",
    "",
  ].join("\n");
}

export const LEDGER_SUBCOMMANDS = ["summarize"];

/** `switchyard ledger --help`: the group and its one subcommand. */
export function ledgerHelp(): string {
  return [
    "usage: switchyard ledger <subcommand> ...",
    "",
    "subcommands:",
    ...helpTable([["summarize", ledgerSummarizeSpec.summary]]),
    "",
    "switchyard ledger summarize --help for its arguments, options and exit codes.",
    "",
  ].join("\n");
}
