import { gzipSync } from "node:zlib";
import type { PolicyResource, ReportViolation } from "@pulumi/policy";
import { limitText, VENDOR_LIMITS, type VendorLimit, type VendorLimitName } from "../../vendor/limits";
import { raw } from "../support/known";
import { type FieldPath, reportAt } from "../support/location";
import { bytesOf, charactersOf, count, entriesOf, fieldsOf, nonWhitespaceCharactersOf } from "../support/measure";
import type { SwitchyardStackPolicy } from "../support/policy";
import { readSettings } from "../support/settings";
import { TYPES } from "../support/types";
import { names } from "../support/usage-record";

const L = VENDOR_LIMITS;

const WORKER_VARIABLE_TYPES = new Set(["plain_text", "secret_text", "json"]);
const ALARM_ACTION_FIELDS = ["alarmActions", "okActions", "insufficientDataActions"] as const;

interface Finding {
  resource: PolicyResource;
  /** The stack-file field that grows the measured value; absent for a resource the program did not make from one. */
  path?: FieldPath;
  message: string;
}

/** One value measured against one limit; `finding` says it when the value is over. */
export interface Measurement {
  limit: VendorLimitName;
  measured: number;
  finding: () => Finding;
}

const measured = (limit: VendorLimitName, value: number, finding: () => Finding): Measurement => ({ limit, measured: value, finding });

const props = (r: PolicyResource) => raw(r.props) as Record<string, unknown>;
const str = (value: unknown) => (typeof value === "string" ? value : undefined);

/** The workload a resource belongs to (its parent Workload component), if any. */
function workloadOf(r: PolicyResource): string | undefined {
  if (r.parent?.type !== TYPES.Workload) return undefined;
  return str(props(r.parent).workload) ?? r.parent.name;
}

/** "<what> is 4,512 bytes; the limit is 4,000 bytes." */
const over = (what: string, measured: number, limit: VendorLimit) => `${what} is ${count(measured)} ${limit.unit}; the limit is ${limitText(limit)}.`;

function lambdaEnvironment(r: PolicyResource): Measurement[] {
  const variables = fieldsOf(fieldsOf(props(r).environment).find(([k]) => k === "variables")?.[1]);
  const sizes = variables.map(([name, value]) => ({ name, bytes: bytesOf(name) + bytesOf(value) })).sort((a, b) => b.bytes - a.bytes);
  const total = sizes.reduce((sum, v) => sum + v.bytes, 0);
  const largest = () => sizes.slice(0, 2).map((v) => `${v.name} (${count(v.bytes)} bytes)`).join(", ");
  const ledger = r.parent?.type === TYPES.UsageLedger;
  return [
    measured("lambdaEnvironmentBytes", total, () => ({
      resource: r,
      ...(ledger ? { path: ["workloads"] } : {}),
      message:
        `${over(`Lambda function "${r.name}"'s environment (names and values together)`, total, L.lambdaEnvironmentBytes)} Largest: ${largest()}. ` +
        (ledger ? "The usage exporter's environment grows with the number of workloads and their gateway keys: keep per-workload settings out of environment variables." : "Move large values out of environment variables."),
    })),
  ];
}

function workerVariables(r: PolicyResource, plan: "free" | "paid"): Measurement[] {
  const bindings = raw(props(r).bindings);
  if (!Array.isArray(bindings)) return [];
  const variables = bindings.map((b) => raw(b) as Record<string, unknown>).filter((b) => WORKER_VARIABLE_TYPES.has(String(b.type)));
  const mostName = plan === "paid" ? "workersVariablesPaid" : "workersVariablesFree";
  const findings: Measurement[] = [
    measured(mostName, variables.length, () => ({
      resource: r,
      path: ["gateway", "frontDoor"],
      message: `${over(`Worker "${r.name}"'s environment variables (secret and text)`, variables.length, L[mostName])} That is the Workers ${plan} plan's limit (setting workersPlan). Bind fewer variables.`,
    })),
  ];
  for (const variable of variables) {
    const name = String(variable.name);
    // Only the size of a secret is read, never its value.
    const bytes = variable.type === "json" ? bytesOf(JSON.stringify(raw(variable.json) ?? null)) : bytesOf(variable.text);
    findings.push(
      measured("workersVariableBytes", bytes, () => ({
        resource: r,
        path: ["gateway", "frontDoor"],
        message: `${over(`Worker "${r.name}"'s variable ${name}`, bytes, L.workersVariableBytes)} Keep data that grows with the stack file out of environment variables.`,
      })),
    );
  }
  // The script carries the route and rate-limit tables (runtime/front-door/script.ts): it grows with
  // the routes and the rate-limited workloads. Cloudflare counts its size after compression.
  const content = props(r).content;
  const largestName = plan === "paid" ? "workersScriptCompressedBytesPaid" : "workersScriptCompressedBytesFree";
  const compressed = typeof content === "string" ? gzipSync(content).length : 0;
  findings.push(
    measured(largestName, compressed, () => ({
      resource: r,
      path: ["workloads"],
      message: `${over(`Worker "${r.name}"'s script after compression`, compressed, L[largestName])} It carries the route table and every rate-limited workload's limit (setting workersPlan).`,
    })),
  );
  return findings;
}

function kmsKeyPolicy(r: PolicyResource): Measurement[] {
  const bytes = bytesOf(props(r).policy);
  const secretsKey = r.parent?.type === TYPES.AiGatewayStack;
  return [
    measured("kmsKeyPolicyBytes", bytes, () => ({
      resource: r,
      ...(secretsKey ? { path: ["workloads"] } : {}),
      message: `${over(`KMS key "${r.name}"'s policy`, bytes, L.kmsKeyPolicyBytes)} ${secretsKey ? "It should name no reader (readers are granted on their own roles): check the program's key policy." : "Shorten the key policy."}`,
    })),
  ];
}

function secretPolicy(r: PolicyResource): Measurement[] {
  const characters = charactersOf(props(r).policy);
  return [measured("secretPolicyCharacters", characters, () => secretPolicyFinding(r, characters))];
}

function secretPolicyFinding(r: PolicyResource, characters: number): Finding {
  const tags = Object.fromEntries(fieldsOf(props(r).tags));
  const providerKey = str(tags["switchyard:provider-key"]);
  const workload = str(tags["switchyard:workload"]);
  const [path, growth]: [FieldPath | undefined, string] = providerKey
    ? [["providerKeys", providerKey], `It should name no reader (the workloads whose directKeys list provider key "${providerKey}" read through their roles' grants): check the program's secret policy.`]
    : workload
      ? [["workloads", workload, "readerRoleArn"], `It names workload "${workload}"'s readerRoleArn.`]
      : [undefined, "Shorten the secret's policy."];
  return { resource: r, ...(path ? { path } : {}), message: `${over(`Secrets Manager secret "${r.name}"'s resource policy`, characters, L.secretPolicyCharacters)} ${growth}` };
}

/** All inline policies the stack puts on one role count together. */
function roleInlinePolicies(rolePolicies: readonly PolicyResource[]): Measurement[] {
  const byRole = new Map<string, PolicyResource[]>();
  for (const r of rolePolicies) {
    const role = str(props(r).role);
    if (role !== undefined) byRole.set(role, [...(byRole.get(role) ?? []), r]);
  }
  const findings: Measurement[] = [];
  for (const [role, policies] of byRole) {
    const characters = policies.reduce((sum, r) => sum + nonWhitespaceCharactersOf(props(r).policy), 0);
    findings.push(
      measured("iamRoleInlinePolicyCharacters", characters, () => {
        const workloads = policies.flatMap((r) => workloadOf(r) ?? []).sort();
        const last = policies[policies.length - 1] as PolicyResource;
        const lastWorkload = workloadOf(last);
        return {
          resource: last,
          ...(lastWorkload ? { path: ["workloads", lastWorkload, "readerRoleArn"] } : {}),
          message:
            `${over(`The ${policies.length} inline policies this stack puts on IAM role "${role}" (white space not counted)`, characters, L.iamRoleInlinePolicyCharacters)} ` +
            (workloads.length ? `Workloads ${names(workloads)} name the role as readerRoleArn: give each workload a role of its own, or grant their reads in one managed policy.` : "Switchyard's grant lists the provider keys the role's workloads read directly; other inline policies on the role count too: put fewer inline policies on the role."),
        };
      }),
    );
  }
  return findings;
}

function alarmActions(r: PolicyResource): Measurement[] {
  const workload = workloadOf(r);
  const path: FieldPath | undefined = workload ? ["workloads", workload, "alerts"] : r.parent?.type === TYPES.UsageLedger ? ["usageLedger", "alerts"] : undefined;
  return ALARM_ACTION_FIELDS.map((field) => {
    const actions = entriesOf(props(r)[field]);
    return measured("alarmActionsPerState", actions, () => ({ resource: r, ...(path ? { path } : {}), message: `${over(`Alarm "${r.name}"'s ${field}`, actions, L.alarmActionsPerState)} Each alert channel is one action: list fewer channels.` }));
  });
}

function kvEntry(r: PolicyResource): Measurement[] {
  const workload = workloadOf(r);
  const at = (message: string): Finding => ({ resource: r, ...(workload ? { path: ["workloads", workload, "keys"] } : {}), message });
  const p = props(r);
  const metadata = typeof raw(p.metadata) === "object" ? JSON.stringify(raw(p.metadata)) : p.metadata;
  const checks: Array<[string, number, VendorLimitName]> = [
    ["key name", bytesOf(p.keyName), "kvKeyBytes"],
    ["metadata", bytesOf(metadata), "kvMetadataBytes"],
    ["value", bytesOf(p.value), "kvValueBytes"],
  ];
  return checks.map(([what, bytes, limit]) => measured(limit, bytes, () => at(over(`Workers KV entry "${r.name}"'s ${what}`, bytes, L[limit]))));
}

function spendRules(r: PolicyResource): Measurement[] {
  const spendLimits = Object.fromEntries(fieldsOf(props(r).spendLimits));
  const rules = entriesOf(spendLimits.rules);
  return [
    measured("aiGatewaySpendRules", rules, () => ({
      resource: r,
      path: ["workloads"],
      message: `${over(`AI Gateway "${r.name}"'s spend-limit rules`, rules, L.aiGatewaySpendRules)} Each distinct budget.monthlyUsd among workloads with budget.hardLimit is one rule: use fewer distinct amounts.`,
    })),
  ];
}

function budget(r: PolicyResource): Measurement[] {
  const workload = workloadOf(r);
  const at = (path: FieldPath, message: string): Finding => ({ resource: r, ...(workload ? { path: ["workloads", workload, ...path] } : {}), message });
  const p = props(r);
  const findings: Measurement[] = [];
  const name = charactersOf(p.name);
  findings.push(measured("budgetNameCharacters", name, () => at([], over(`AWS budget "${r.name}"'s name`, name, L.budgetNameCharacters))));
  const notifications = raw(p.notifications);
  const list = Array.isArray(notifications) ? notifications.map((n) => raw(n) as Record<string, unknown>) : [];
  findings.push(
    measured("budgetNotifications", list.length, () =>
      at(["budget", "alertAtPercent"], `${over(`AWS budget "${r.name}"'s notifications`, list.length, L.budgetNotifications)} Each threshold is one notification: keep fewer thresholds.`),
    ),
  );
  const subscribers: Array<["subscriberSnsTopicArns" | "subscriberEmailAddresses", VendorLimitName]> = [
    ["subscriberSnsTopicArns", "budgetSnsSubscribers"],
    ["subscriberEmailAddresses", "budgetEmailSubscribers"],
  ];
  for (const [field, limit] of subscribers) {
    const most = Math.max(0, ...list.map((n) => entriesOf(n[field])));
    findings.push(
      measured(limit, most, () => at(["alerts"], `${over(`AWS budget "${r.name}"'s ${field} on one notification`, most, L[limit])} Webhook channels are SNS subscribers, e-mail channels e-mail subscribers: list fewer channels.`)),
    );
  }
  return findings;
}

/**
 * Every value this policy measures, over the limit or not: the policy reports those over, and
 * bench/scale.bench.ts shows the largest of each against its limit.
 */
export function vendorLimitMeasurements(resources: readonly PolicyResource[], workersPlan: "free" | "paid"): Measurement[] {
  const measurements: Measurement[] = [];
  for (const r of resources) {
    if (r.type === TYPES.LambdaFunction) measurements.push(...lambdaEnvironment(r));
    else if (r.type === TYPES.WorkersScript) measurements.push(...workerVariables(r, workersPlan));
    else if (r.type === TYPES.KmsKey) measurements.push(...kmsKeyPolicy(r));
    else if (r.type === TYPES.Secret) measurements.push(...secretPolicy(r));
    else if (r.type === TYPES.MetricAlarm) measurements.push(...alarmActions(r));
    else if (r.type === TYPES.WorkersKv) measurements.push(...kvEntry(r));
    else if (r.type === TYPES.AiGateway) measurements.push(...spendRules(r));
    else if (r.type === TYPES.Budget) measurements.push(...budget(r));
  }
  measurements.push(...roleInlinePolicies(resources.filter((r) => r.type === TYPES.RolePolicy)));
  return measurements;
}

/** Sizes and counts the vendors refuse at deploy time, measured on what the stack declares. */
export const limitsVendor: SwitchyardStackPolicy = {
  name: "switchyard-limits-vendor",
  description:
    "Every resource stays within Cloudflare's and AWS's size and count limits (vendor/limits.ts): Lambda environment size, Worker variable size and count, KMS key policy size, Secrets Manager policy size, inline policy characters per IAM role, alarm actions per state, Workers KV key, metadata and value size, spend-limit rules per gateway, AWS Budgets notifications and subscribers.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      workersPlan: {
        type: "string",
        enum: ["free", "paid"],
        default: "free",
        description: "The Cloudflare Workers plan of the account, which sets how many variables a Worker may bind (free is the smaller).",
      },
    },
  },
  remediationSteps:
    "Read the violation's field: it is the part of the stack file that grows the value. Keep per-workload data out of environment variables and shared policies (grant from the reader's side), list fewer alert channels, use fewer distinct hard-limited budget amounts.",
  unknownValues:
    "A value unknown in a preview (an ARN, an id, a key's digest: computed by a provider, not grown by the stack file) counts as empty, so every size reported is a lower bound and every violation certain. Stack policies see outputs: at `pulumi up` the provider's values are measured in full.",
  validateStack: (args, report: ReportViolation) => {
    const { workersPlan } = readSettings<{ workersPlan: "free" | "paid" }>(limitsVendor.configSchema, args);
    const findings = vendorLimitMeasurements(args.resources, workersPlan)
      .filter((m) => m.measured > L[m.limit].figure)
      .map((m) => m.finding());
    for (const f of findings) {
      if (f.path) reportAt(report, f.path, f.message, f.resource.urn);
      else report(f.message, f.resource.urn);
    }
  },
};
