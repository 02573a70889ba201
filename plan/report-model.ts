/**
 * The plan report: everything every format renders, as plain data. It holds stack-file values
 * and resource identities only, never resource inputs, so no secret value can reach a renderer
 * (plan/redact.ts scrubs policy messages as a second guard). `--format json` writes it as is;
 * its shape is documented and versioned in docs/plan.md.
 */
import type { BudgetEnforcement } from "../stacks/budget-enforcement";
import type { AwsCost } from "./aws-cost";
import type { SprawlReport } from "./sprawl";

/** Bump on any change that could break a reader of the JSON (a removed or renamed field). */
export const PLAN_SCHEMA_VERSION = 1;

/** Keys expiring (gateway keys) or due for rotation (provider keys) within this many days are listed. */
export const EXPIRY_WINDOW_DAYS = 30;

/** Where an entry sits in the stack file; `path` is the field path (`workloads.a.keys[0]`), empty for the file. */
export interface EntryLocation {
  file: string;
  line: number;
  col: number;
  path: string;
}

export interface PlanReport {
  kind: "switchyard-plan";
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  stack: StackSummary;
  summary: Summary;
  /** Every policy's level and settings in force for this stack (plan/policy-levels.ts), in registry order. */
  policyLevels: PolicyLevelEntry[];
  /** With --base: what the policy config changed since the base ref, below-floor changes first. */
  policyLevelChanges?: PolicyLevelChange[];
  /** With --base: files of the policy pack's code (policies/ and what it imports) changed since the base ref. */
  policyCodeChanges?: string[];
  /** With --base: what `pulumi up` would refuse or what cuts running clients off (plan/lifecycle.ts), failing first. */
  lifecycle?: LifecycleFinding[];
  workloads: WorkloadEntry[];
  providerKeys: ProviderKeyEntry[];
  routes: RouteEntry[];
  /** Gateway keys expiring and provider keys due for rotation within EXPIRY_WINDOW_DAYS (or overdue), soonest first. */
  expiringKeys: ExpiringKey[];
  /** Most severe first: mandatory before advisory, then by severity, policy and location. */
  violations: ViolationEntry[];
  /** The monthly budgets summed, what holds them, and with --base the base's total. */
  money: MoneySummary;
  /** Every resource the program registers, components included, sorted by URN. */
  resources: ResourceEntry[];
  /** Accounts, keys, base URLs, invoices, usage sources and quota owners, as declared and with every workload direct (plan/sprawl.ts). */
  sprawl: SprawlReport;
  /** The Cloudflare API calls of a deploy and a refresh, against Cloudflare's rate limit (plan/cloudflare-api-calls.ts). */
  cloudflareApiCalls: CloudflareApiCalls;
  /** What the stack costs on AWS each month at list prices, idle (plan/aws-cost.ts). */
  awsCost: AwsCost;
  diff?: PlanDiff;
}

export interface CloudflareApiCalls {
  /** Every resource created. */
  firstDeploy: number;
  /** `pulumi refresh`: every resource read. */
  refresh: number;
  /** With --base: the changes against the base. */
  thisChange?: number;
  /** Calls Cloudflare allows per user in `windowMinutes`. */
  limit: number;
  windowMinutes: number;
  /** When a figure exceeds the limit: which, what happens and how to pace the deploy; located at `workloads`, which grow the calls. */
  warning?: { message: string; location: EntryLocation };
}

export interface StackSummary {
  file: string;
  environment: string;
  owner: string;
  description?: string;
  /** The UTC date every date was judged against (YYYY-MM-DD). */
  today: string;
  gatewayId: string;
  billing: "byok" | "unified";
  frontDoorHostname?: string;
  protect: boolean;
  awsRegion: string;
  /** The policy config file the policies ran with. */
  policyConfig: string;
  /** The gateway's declared guardrails, DLP, zero data retention and OpenTelemetry exporters. */
  safety: GatewaySafety;
}

/** Where an OpenTelemetry header's value lives: a reference, or plain text in the stack file (never shown). */
export type HeaderSource = { kind: "pulumiSecret" | "awsSecretArn"; ref: string } | { kind: "plain" };

export interface GatewaySafety {
  /** Per side, hazard category -> action; absent: no guardrails. */
  guardrails?: { prompts: Record<string, "flag" | "block">; responses: Record<string, "flag" | "block"> };
  /** DLP policies, by id; empty: DLP off. */
  dlp: Array<{ id: string; action: "flag" | "block"; check: Array<"request" | "response">; profiles: string[] }>;
  zeroDataRetention: boolean;
  /** Exporters by name, each header by name and source. */
  openTelemetry: Array<{ name: string; url: string; contentType: "json" | "protobuf"; headers: Array<{ name: string } & HeaderSource> }>;
}

export interface Summary {
  resources: number;
  resourcesByType: Array<{ type: string; count: number }>;
  workloads: number;
  gatewayKeys: number;
  routes: number;
  providerKeys: number;
  keysExpiringSoon: number;
  mandatoryViolations: number;
  advisoryViolations: number;
  /** No mandatory policy failed and no lifecycle finding is failing: exit code 0. */
  passed: boolean;
}

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

export interface PolicyLevelEntry {
  policyName: string;
  /** The level it runs at under the policy config (switchyard-policy-floor always mandatory). */
  level: EnforcementLevel;
  /** In a production environment: the least level policies/floor.ts allows. */
  floor?: "advisory" | "mandatory";
  /** Its settings as configured (schema defaults filled in), flattened. */
  settings: Settings;
}

export interface PolicyLevelChange {
  policyName: string;
  /** `level`, or the (flattened) setting that changed. */
  field: string;
  old?: DiffValue;
  new?: DiffValue;
  /** The policy is now below its production floor: switchyard-policy-floor fails the plan. */
  belowFloor: boolean;
}

export interface GatewayKeyEntry {
  name: string;
  expiresOn: string;
  /** Days from `today` to expiry; negative once expired. */
  daysLeft: number;
  allowedIps: string[];
}

export interface WorkloadEntry {
  name: string;
  owner: string;
  path: "gateway" | "direct" | "hybrid";
  routes: string[];
  models: string[];
  keys: GatewayKeyEntry[];
  directKeys: string[];
  /** `enforcement`: what holds the budget, from the path and keys as well as hardLimit (stacks/budget-enforcement.ts). */
  budget?: { monthlyUsd: number; alertAtPercent: number[]; hardLimit: boolean; enforcement: BudgetEnforcement[] };
  rateLimitPerMinute?: number;
  alerts: string[];
  reviewDate?: string;
  settings: Settings;
  location: EntryLocation;
}

/**
 * An entry's other stack-file fields, flattened (`decision.quotaOwner`: value): everything the
 * entry has no field of its own for above, so a field added to the stack file shows in the plan.
 */
export type Settings = Record<string, DiffValue>;

export interface ProviderKeyEntry {
  name: string;
  provider: string;
  /** A reference to where the credential lives, never the credential. */
  source: { kind: "pulumiSecret" | "awsSecretArn"; ref: string };
  owner: string;
  rotation: { everyDays: number; lastRotated: string; dueOn: string; daysLeft: number };
  settings: Settings;
  location: EntryLocation;
}

export interface TargetEntry {
  model: string;
  key: string;
}

export interface RouteEntry {
  name: string;
  description?: string;
  primary: TargetEntry;
  canary?: TargetEntry & { percent: number };
  fallbacks: TargetEntry[];
  rollback?: TargetEntry;
  active: "primary" | "rollback";
  timeoutMs: number;
  retries: number;
  /** Workloads allowed to call it. */
  usedBy: string[];
  settings: Settings;
  location: EntryLocation;
}

export interface ExpiringKey {
  kind: "gateway-key" | "provider-key-rotation";
  /** Gateway key name, or provider key label. */
  name: string;
  /** The workload holding a gateway key. */
  workload?: string;
  /** Expiry date, or the date rotation falls due. */
  date: string;
  daysLeft: number;
  location: EntryLocation;
}

export interface ViolationEntry {
  policyName: string;
  severity: "low" | "medium" | "high" | "critical";
  enforcementLevel: EnforcementLevel;
  message: string;
  /** What the policy checks. */
  description: string;
  /** How to fix it (the policy's remediation steps). */
  fix: string;
  resource?: { urn: string; type: string; name: string };
  /** The stack-file entry the violation is about (the file's first line for stack-wide ones). */
  location: EntryLocation;
  /** With --base (when the base loaded): the base already had this violation (same policy, resource and message). */
  onBase?: boolean;
}

export interface MoneySummary {
  /** The workloads' `budget.monthlyUsd` added up. */
  monthlyBudgetUsd: number;
  budgetedWorkloads: number;
  unbudgetedWorkloads: number;
  /**
   * Per way a budget is held (stacks/budget-enforcement.ts), the workloads and their budgets'
   * total; `gateway-spend-limit` is the hard limit. A workload held two ways counts in both.
   */
  heldBy: Array<{ enforcement: BudgetEnforcement; workloads: number; monthlyUsd: number }>;
  /** With --base (when the base loaded): the base's monthly total. */
  baseMonthlyBudgetUsd?: number;
}

/** A lifecycle finding of --base (plan/lifecycle.ts): `failing` fails the plan as a mandatory violation does. */
export interface LifecycleFinding {
  rule: "switchyard-lifecycle-refused" | "switchyard-lifecycle-clients-cut-off";
  level: "failing" | "warning";
  /** The stack-file field whose change caused it (`gateway.frontDoor.hostname`, `workloads.a` when removed). */
  field: string;
  message: string;
  /** The way out, in stack-file terms. */
  fix: string;
  /** The resource changes behind it (none for a route label gone: the front door's route table changes). */
  resources: Array<{ urn: string; type: string; name: string; action: ResourceChange["action"] }>;
  location: EntryLocation;
}

export interface ResourceEntry {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent?: string;
  protect: boolean;
}

export interface PlanDiff {
  /** The git ref compared against. */
  baseRef: string;
  /** "missing": the file did not exist at the ref (everything is added); "invalid": it did not load there. */
  baseState: "ok" | "missing" | "invalid";
  /** Defects of the base file, when invalid (positioned, as validate prints them). */
  baseDefects: string[];
  entries: EntryChange[];
  resources: ResourceChange[];
}

/** `decisions`: a workload's decision record (plan/decision-records.ts), fields named as its template names them. */
export type DiffSection = "stack" | "gateway" | "guardrails" | "dlp" | "openTelemetry" | "providerKeys" | "routes" | "workloads" | "gatewayKeys" | "budgets" | "alerts" | "decisions";

export interface EntryChange {
  section: DiffSection;
  name: string;
  change: "added" | "removed" | "changed";
  fields: FieldChange[];
}

export type DiffValue = string | number | boolean | null;

export interface FieldChange {
  field: string;
  old?: DiffValue;
  new?: DiffValue;
  /** A reading aid: "+60%", "+15 points", "moves 30 days later". */
  note?: string;
}

export interface ResourceChange {
  urn: string;
  type: string;
  name: string;
  /** `same`: found in the base under an alias (a rename Pulumi follows), with no input changed. */
  action: "create" | "replace" | "update" | "delete" | "same";
  /** Names of the inputs that changed (values are never shown: they may be secret). */
  changedInputs: string[];
  /** For replace: the inputs that force it. */
  replaceBecause: string[];
  /**
   * The protect flag that decides whether `pulumi up` may do this (plan/resource-diff.ts): for a
   * replace, the program's and the state's together; for a delete, the state's; else the program's.
   */
  protect: boolean;
  /** The program asks for the old resource to go before the new one comes (Pulumi `deleteBeforeReplace`). */
  deleteBeforeReplace?: boolean;
  /** When the base had this resource under an alias: its URN and name there. */
  previousUrn?: string;
  previousName?: string;
}
