/**
 * Stack spec + captured resources + policy violations -> PlanReport. Pure and deterministic:
 * everything is sorted, dates are judged against the given `today`, and the result is scrubbed
 * of the given secret values.
 */
import { budgetEnforcement } from "../stacks/budget-enforcement";
import { addDays, daysBetween } from "../stacks/dates";
import type { StackSpec } from "../stacks/schema";
import { cloudflareApiCalls } from "./cloudflare-api-calls";
import { entryOfResource, type ResourceIdentity } from "./entry-of-resource";
import { gatewaySafety } from "./gateway-safety";
import { moneyOf } from "./money";
import { settingsOf } from "./flatten";
import type { FieldPath, Locator } from "./locate-entry";
import { redact } from "./redact";
import { awsCost } from "./aws-cost";
import { sprawlCount } from "./sprawl";
import {
  EXPIRY_WINDOW_DAYS,
  PLAN_SCHEMA_VERSION,
  type ExpiringKey,
  type LifecycleFinding,
  type PlanDiff,
  type PolicyLevelChange,
  type PolicyLevelEntry,
  type PlanReport,
  type ResourceEntry,
  type RouteEntry,
  type ViolationEntry,
  type WorkloadEntry,
} from "./report-model";

export interface ReportResource extends ResourceIdentity {
  custom: boolean;
  options?: { protect?: boolean };
  /** Its inputs, for the cost model (plan/aws-cost.ts); never copied into the report. */
  inputs?: Record<string, unknown>;
}

export interface ReportViolation {
  policyName: string;
  severity: ViolationEntry["severity"];
  enforcementLevel: ViolationEntry["enforcementLevel"];
  message: string;
  urn?: string;
  /** The stack-file field the policy named, when it did. */
  path?: FieldPath;
}

export interface PolicyInfo {
  description: string;
  remediationSteps: string;
}

export interface BuildReportInput {
  file: string;
  spec: StackSpec;
  locate: Locator;
  resources: readonly ReportResource[];
  violations: readonly ReportViolation[];
  policies: ReadonlyMap<string, PolicyInfo>;
  today: string;
  policyConfig: string;
  /** Values that must never appear in the report. */
  secrets?: Iterable<string>;
  diff?: PlanDiff;
  /** With a diff: the lifecycle findings (plan/lifecycle.ts). */
  lifecycle?: LifecycleFinding[];
  /** With --base, when the base loaded: its stack and its violations, to tell new violations from old ones. */
  base?: { spec: StackSpec; violations: readonly ReportViolation[] };
  /** Every policy's level in force (plan/policy-levels.ts); none when not given. */
  policyLevels?: PolicyLevelEntry[];
  /** With a diff: the policy config's changes and the pack code's changed files. */
  policyLevelChanges?: PolicyLevelChange[];
  policyCodeChanges?: string[];
}

/** A violation is "the same" on the base when its policy, resource and message are. */
const violationKey = (v: Pick<ReportViolation, "policyName" | "urn" | "message">) => `${v.policyName}\u0000${v.urn ?? ""}\u0000${v.message}`;

/** The stack-file fields each entry of the report has a field of its own for; settingsOf shows the rest. */
const SHOWN = {
  workload: ["owner", "path", "routes", "models", "keys", "directKeys", "budget", "rateLimit", "alerts", "decision.reviewDate"],
  providerKey: ["provider", "source", "owner", "rotation"],
  route: ["description", "primary", "canary", "fallbacks", "rollback", "active", "timeoutMs", "retries"],
} as const;

const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;
const LEVEL_RANK = { mandatory: 0, remediate: 0, advisory: 1, disabled: 2 } as const;
const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function buildReport(input: BuildReportInput): PlanReport {
  const { spec, locate, today } = input;

  const workloads: WorkloadEntry[] = Object.entries(spec.workloads)
    .map(([name, w]) => ({
      name,
      owner: w.owner,
      path: w.path,
      routes: [...w.routes],
      models: [...w.models],
      keys: w.keys.map((k) => ({ name: k.name, expiresOn: k.expiresOn, daysLeft: daysBetween(today, k.expiresOn), allowedIps: [...(k.allowedIps ?? [])] })),
      directKeys: [...w.directKeys],
      ...(w.budget ? { budget: { monthlyUsd: w.budget.monthlyUsd, alertAtPercent: [...w.budget.alertAtPercent], hardLimit: w.budget.hardLimit, enforcement: budgetEnforcement(spec, w) } } : {}),
      ...(w.rateLimit ? { rateLimitPerMinute: w.rateLimit.requestsPerMinute } : {}),
      alerts: [...w.alerts],
      ...(w.decision?.reviewDate ? { reviewDate: w.decision.reviewDate } : {}),
      settings: settingsOf(w, SHOWN.workload),
      location: locate(["workloads", name]),
    }))
    .sort(byName);

  const providerKeys = Object.entries(spec.providerKeys)
    .map(([name, k]) => {
      const dueOn = addDays(k.rotation.lastRotated, k.rotation.everyDays);
      const source = k.source.pulumiSecret !== undefined ? { kind: "pulumiSecret" as const, ref: k.source.pulumiSecret } : { kind: "awsSecretArn" as const, ref: k.source.awsSecretArn ?? "" };
      return {
        name,
        provider: k.provider,
        source,
        owner: k.owner,
        rotation: { everyDays: k.rotation.everyDays, lastRotated: k.rotation.lastRotated, dueOn, daysLeft: daysBetween(today, dueOn) },
        settings: settingsOf(k, SHOWN.providerKey),
        location: locate(["providerKeys", name]),
      };
    })
    .sort(byName);

  const routes: RouteEntry[] = Object.entries(spec.routes)
    .map(([name, r]) => ({
      name,
      ...(r.description !== undefined ? { description: r.description } : {}),
      primary: { ...r.primary },
      ...(r.canary ? { canary: { ...r.canary } } : {}),
      fallbacks: r.fallbacks.map((f) => ({ ...f })),
      ...(r.rollback ? { rollback: { ...r.rollback } } : {}),
      active: r.active,
      timeoutMs: r.timeoutMs,
      retries: r.retries,
      usedBy: workloads.filter((w) => w.routes.includes(name)).map((w) => w.name),
      settings: settingsOf(r, SHOWN.route),
      location: locate(["routes", name]),
    }))
    .sort(byName);

  const expiringKeys: ExpiringKey[] = [
    ...workloads.flatMap((w) =>
      w.keys.map((k, i) => ({ kind: "gateway-key" as const, name: k.name, workload: w.name, date: k.expiresOn, daysLeft: k.daysLeft, location: locate(["workloads", w.name, "keys", i]) })),
    ),
    ...providerKeys.map((k) => ({ kind: "provider-key-rotation" as const, name: k.name, date: k.rotation.dueOn, daysLeft: k.rotation.daysLeft, location: locate(["providerKeys", k.name, "rotation"]) })),
  ]
    .filter((k) => k.daysLeft <= EXPIRY_WINDOW_DAYS)
    .sort((a, b) => a.daysLeft - b.daysLeft || cmp(a.kind, b.kind) || cmp(a.name, b.name));

  const byUrn = new Map(input.resources.map((r) => [r.urn, r]));
  const onBase = input.base && new Set(input.base.violations.map(violationKey));
  const violations: ViolationEntry[] = input.violations
    .map((v) => {
      const resource = v.urn ? byUrn.get(v.urn) : undefined;
      const info = input.policies.get(v.policyName);
      return {
        policyName: v.policyName,
        severity: v.severity,
        enforcementLevel: v.enforcementLevel,
        message: v.message,
        description: info?.description ?? "",
        fix: info?.remediationSteps ?? "",
        ...(resource ? { resource: { urn: resource.urn, type: resource.type, name: resource.name } } : v.urn ? { resource: { urn: v.urn, type: "", name: "" } } : {}),
        location: locate(v.path ?? entryOfResource(resource, byUrn, spec)),
        ...(onBase ? { onBase: onBase.has(violationKey(v)) } : {}),
      };
    })
    .sort(
      (a, b) =>
        LEVEL_RANK[a.enforcementLevel] - LEVEL_RANK[b.enforcementLevel] ||
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        cmp(a.policyName, b.policyName) ||
        a.location.line - b.location.line ||
        cmp(a.message, b.message),
    );

  const resources: ResourceEntry[] = input.resources
    .map((r) => ({ urn: r.urn, type: r.type, name: r.name, custom: r.custom, ...(r.parent ? { parent: r.parent } : {}), protect: r.options?.protect === true }))
    .sort((a, b) => cmp(a.urn, b.urn));
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const mandatory = violations.filter((v) => LEVEL_RANK[v.enforcementLevel] === 0).length;
  const lifecycleFailing = (input.lifecycle ?? []).filter((f) => f.level === "failing").length;

  const report: PlanReport = {
    kind: "switchyard-plan",
    schemaVersion: PLAN_SCHEMA_VERSION,
    stack: {
      file: input.file,
      environment: spec.environment,
      owner: spec.owner,
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      today,
      gatewayId: spec.gateway.id,
      billing: spec.gateway.billing,
      ...(spec.gateway.frontDoor ? { frontDoorHostname: spec.gateway.frontDoor.hostname } : {}),
      protect: spec.gateway.protect,
      awsRegion: spec.aws.region,
      policyConfig: input.policyConfig,
      safety: gatewaySafety(spec.gateway),
    },
    summary: {
      resources: resources.length,
      resourcesByType: [...counts].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || cmp(a.type, b.type)),
      workloads: workloads.length,
      gatewayKeys: workloads.reduce((n, w) => n + w.keys.length, 0),
      routes: routes.length,
      providerKeys: providerKeys.length,
      keysExpiringSoon: expiringKeys.length,
      mandatoryViolations: mandatory,
      advisoryViolations: violations.length - mandatory,
      passed: mandatory === 0 && lifecycleFailing === 0,
    },
    policyLevels: input.policyLevels ?? [],
    ...(input.policyLevelChanges ? { policyLevelChanges: input.policyLevelChanges } : {}),
    ...(input.policyCodeChanges ? { policyCodeChanges: input.policyCodeChanges } : {}),
    ...(input.lifecycle ? { lifecycle: input.lifecycle } : {}),
    workloads,
    providerKeys,
    routes,
    expiringKeys,
    violations,
    money: moneyOf(spec, input.base?.spec),
    resources,
    sprawl: sprawlCount(spec),
    cloudflareApiCalls: cloudflareApiCalls(input.resources, input.diff?.baseState === "ok" || input.diff?.baseState === "missing" ? input.diff.resources : undefined, locate(["workloads"])),
    awsCost: awsCost(input.resources),
    ...(input.diff ? { diff: input.diff } : {}),
  };
  return redact(report, input.secrets ?? []);
}
