/**
 * The steps a team follows before moving traffic to the gateway, as `switchyard smoke` walks them:
 * each is checked (the run or the stack file shows it), failed (they show it is not so), or left
 * to a person (only a person can know, or the run could not tell), with what was seen.
 */
import { usd } from "../plan/format-helpers";
import type { StackSpec, WorkloadSpec } from "../stacks/schema";
import type { Comparison } from "./smoke-compare";
import type { SmokeResult } from "./smoke-answer";

export type StepStatus = "checked" | "failed" | "left to a person";

/** The steps, in the order a team takes them. */
export const STEPS = [
  ["scoped-key", "A scoped key for one non-critical route"],
  ["staging-client", "A staging client pointed at the base URL"],
  ["prompt-set", "The prompt set recorded"],
  ["usage-visible", "Usage visible"],
  ["budget", "A conservative budget set"],
  ["rollback-ready", "Old key, base URL and model ready for rollback"],
  ["direct-controls", "Provider-level controls that stay direct"],
] as const;
export type StepId = (typeof STEPS)[number][0];

export interface Step {
  id: StepId;
  step: string;
  status: StepStatus;
  detail: string;
}

/** What the usage ledger showed of the smoke's requests (smoke --ledger). */
export interface LedgerSighting {
  status: StepStatus;
  detail: string;
}

export interface StepInput {
  spec: StackSpec;
  /** The workload whose key was used, when known. */
  workload?: string;
  /** Why no workload is known. */
  workloadUnknown?: string;
  baseUrl: string;
  /** What GET /v1/models said the key may call. */
  callable: string[];
  results: SmokeResult[];
  /** The front door refused the key or the listing. */
  error?: string;
  promptsFile: string;
  comparisons?: Comparison[];
  /** The rollback model called directly (with --compare-direct). */
  rollbackCall?: SmokeResult;
  ledger?: LedgerSighting;
}

/** The scope the stack file gives a workload's keys, as GET /v1/models lists it. */
export function declaredScope(w: WorkloadSpec): string[] {
  return [...w.routes.map((r) => `dynamic/${r}`), ...w.models].sort();
}

/** The one workload whose keys may call exactly `callable`, if there is one. */
export function workloadOfScope(spec: StackSpec, callable: string[]): string | undefined {
  const listed = [...callable].sort().join(",");
  const matches = Object.entries(spec.workloads).filter(([, w]) => w.path !== "direct" && declaredScope(w).join(",") === listed);
  return matches.length === 1 ? matches[0][0] : undefined;
}

export function walkSteps(input: StepInput): Step[] {
  const { spec } = input;
  const w = input.workload !== undefined ? spec.workloads[input.workload] : undefined;
  const name = input.workload ?? "";
  const unknown = input.workloadUnknown ?? "the workload is not known: name it with --workload";
  const frontDoorFailed = input.error !== undefined || input.results.some((r) => r.outcome === "fail");
  const answered = input.results.filter((r) => r.outcome === "ok").length;
  const steps: Record<StepId, Omit<Step, "id" | "step">> = {} as Record<StepId, Omit<Step, "id" | "step">>;

  // 1. The key's scope against the stack file.
  const callable = input.callable.join(", ") || "nothing";
  if (input.error !== undefined) steps["scoped-key"] = { status: "failed", detail: input.error };
  else if (!w) steps["scoped-key"] = { status: "left to a person", detail: `${unknown} (the key may call ${callable})` };
  else if (declaredScope(w).join(",") !== [...input.callable].sort().join(",")) {
    steps["scoped-key"] = { status: "failed", detail: `the key may call ${callable}, but workloads.${name} declares ${declaredScope(w).join(", ") || "nothing"}: a stale key table, or another workload's key` };
  } else if (input.callable.length === 1 && input.callable[0].startsWith("dynamic/")) {
    steps["scoped-key"] = { status: "checked", detail: `the key of ${name} may call only ${input.callable[0]}; whether that route is non-critical is for a person to say` };
  } else {
    steps["scoped-key"] = { status: "left to a person", detail: `the key of ${name} may call ${input.callable.length} routes and models (${callable}): move one non-critical route first` };
  }

  // 2. The base URL serves this key; only a person can point the client at it.
  const prod = spec.environment === "prod" || spec.environment.startsWith("prod-");
  steps["staging-client"] = frontDoorFailed
    ? { status: "failed", detail: `the front door at ${input.baseUrl} did not serve every call with this key` }
    : { status: "left to a person", detail: `the front door at ${input.baseUrl} served ${answered} calls with this key: point the staging client at it (OpenAI SDK: ${input.baseUrl}/v1) with its own key${prod ? `; this is ${spec.environment}, the step asks for staging first` : ""}` };

  // 3. The prompt set, through the front door and, with --compare-direct, side by side with the provider.
  const differing = (input.comparisons ?? []).filter((c) => c.verdict === "differs");
  const compared = (input.comparisons ?? []).filter((c) => c.verdict !== "not compared").length;
  if (frontDoorFailed || answered === 0) steps["prompt-set"] = { status: "failed", detail: input.error ?? `${input.results.filter((r) => r.outcome === "fail").length} of ${input.results.length} calls failed through the front door` };
  else if (differing.length) steps["prompt-set"] = { status: "failed", detail: `${differing.length} of ${compared} calls differ from the direct path: ${differing.map((c) => `${c.model} ${c.prompt}: ${c.differences.join("; ")}`).join(" | ")}` };
  else {
    const side = input.comparisons ? `; ${compared} side by side with the direct path, alike${compared < input.comparisons.length ? ` (${input.comparisons.length - compared} not compared)` : ""}` : "; --compare-direct sets them side by side with the provider";
    steps["prompt-set"] = { status: "checked", detail: `${answered} calls of ${input.promptsFile} recorded in this report${side}` };
  }

  // 4. Usage in the ledger.
  if (input.ledger) steps["usage-visible"] = input.ledger;
  else if (!spec.usageLedger.enabled) steps["usage-visible"] = { status: "failed", detail: "usageLedger.enabled is false: no ledger records this environment's usage" };
  else steps["usage-visible"] = { status: "left to a person", detail: `once the exporter has run (every ${spec.usageLedger.exportEveryMinutes} minutes, for windows at least 10 minutes old), run again with --ledger DIR|s3://… to find these calls` };

  // 5. The budget.
  if (!w) steps.budget = { status: "left to a person", detail: unknown };
  else if (!w.budget) steps.budget = { status: "failed", detail: `workloads.${name} has no budget: set budget.monthlyUsd` };
  else if (!w.budget.hardLimit) steps.budget = { status: "left to a person", detail: `${usd(w.budget.monthlyUsd)} a month, alarms only (hardLimit false): nothing stops spend at the budget` };
  else steps.budget = { status: "checked", detail: `${usd(w.budget.monthlyUsd)} a month, a spend limit at the gateway, alarms at ${w.budget.alertAtPercent.join("/")}%; whether that is conservative for the first traffic is for a person to say` };

  // 6. Rollback: the routes' rollback targets, and what the clients go back to.
  if (!w) steps["rollback-ready"] = { status: "left to a person", detail: unknown };
  else {
    const d = w.decision;
    const noRollback = w.routes.filter((r) => Object.hasOwn(spec.routes, r) && !spec.routes[r].rollback);
    const missing = (["currentBaseUrl", "rollbackModel", "rollbackKey"] as const).filter((f) => d?.[f] === undefined);
    const ready = [d?.rollbackModel, d?.rollbackKey && `key ${d.rollbackKey}`, d?.currentBaseUrl && `at ${d.currentBaseUrl}`].filter(Boolean).join(" ");
    if (noRollback.length) steps["rollback-ready"] = { status: "failed", detail: `${noRollback.map((r) => `dynamic/${r}`).join(", ")} declare${noRollback.length === 1 ? "s" : ""} no rollback target` };
    else if (input.rollbackCall?.outcome === "fail") steps["rollback-ready"] = { status: "failed", detail: `${d?.rollbackModel} did not answer directly: ${input.rollbackCall.error ?? "failed"}` };
    else if (missing.length) steps["rollback-ready"] = { status: "left to a person", detail: `record ${missing.map((f) => `workloads.${name}.decision.${f}`).join(", ")} (what the clients go back to)${ready ? `; recorded: ${ready}` : ""}` };
    else steps["rollback-ready"] = { status: "checked", detail: `${ready}${input.rollbackCall?.outcome === "ok" ? ` (answered directly)` : ""}; every route has a rollback target` };
  }

  // 7. Controls that stay with the provider.
  if (!w) steps["direct-controls"] = { status: "left to a person", detail: unknown };
  else {
    const controls = w.decision?.providerNativeControls ?? [];
    if (controls.length) steps["direct-controls"] = { status: "left to a person", detail: `confirm at the provider: ${controls.join(", ")}` };
    else if (w.path === "gateway") steps["direct-controls"] = { status: "checked", detail: "none: everything it calls goes through the gateway" };
    else steps["direct-controls"] = { status: "failed", detail: `a ${w.path} workload names no provider-native controls: set workloads.${name}.decision.providerNativeControls` };
  }

  return STEPS.map(([id, step]) => ({ id, step, ...steps[id] }));
}
