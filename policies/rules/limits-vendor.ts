import { gzipSync } from "node:zlib";
import type { PolicyResource, ReportViolation } from "@pulumi/policy";
import { limitText, VENDOR_LIMITS, type VendorLimit, type VendorLimitName } from "../../vendor/limits";
import { raw } from "../support/known";
import { type FieldPath, reportAt } from "../support/location";
import { bytesOf, charactersOf, count, entriesOf, fieldsOf, nonWhitespaceCharactersOf } from "../support/measure";
import type { SwitchyardStackPolicy } from "../support/policy";
import { readSettings } from "../support/settings";
import { NOT_FROM_A_STACK_FILE, stackFileEntry, workloadOf as workloadOfOrigin } from "../support/stack-file-origin";
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

/** The stack-file entry a resource was made from (policies/support/stack-file-origin.ts), and its workload. */
const entryOf = (r: PolicyResource) => stackFileEntry({ parent: r.parent?.urn, tags: props(r).tags });
const workloadOf = (r: PolicyResource) => workloadOfOrigin({ parent: r.parent?.urn, tags: props(r).tags });

/** "<what> is 4,512 bytes; the limit is 4,000 bytes." */
const over = (what: string, measured: number, limit: VendorLimit) => `${what} is ${count(measured)} ${limit.unit}; the limit is ${limitText(limit)}.`;

function lambdaEnvironment(r: PolicyResource): Measurement[] {
  const variables = fieldsOf(fieldsOf(props(r).environment).find(([k]) => k === "variables")?.[1]);
  const sizes = variables.map(([name, value]) => ({ name, bytes: bytesOf(name) + bytesOf(value) })).sort((a, b) => b.bytes - a.bytes);
  const total = sizes.reduce((sum, v) => sum + v.bytes, 0);
  const largest = () => sizes.slice(0, 2).map((v) => `${v.name} (${count(v.bytes)} bytes)`).join(", ");
  // The usage exporter's variables are a fixed few (components/usage-ledger.ts): its workloads travel in its archive.
  return [
    measured("lambdaEnvironmentBytes", total, () => ({
      resource: r,
      message: `${over(`Lambda function "${r.name}"'s environment (names and values together)`, total, L.lambdaEnvironmentBytes)} Largest: ${largest()}. Move large values out of environment variables. ${NOT_FROM_A_STACK_FILE}`,
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
      message: `${over(`Worker "${r.name}"'s environment variables (secret and text)`, variables.length, L[mostName])} That is the Workers ${plan} plan's limit (setting workersPlan). Bind fewer variables. ${NOT_FROM_A_STACK_FILE}`,
    })),
  ];
  for (const variable of variables) {
    const name = String(variable.name);
    // Only the size of a secret is read, never its value.
    const bytes = variable.type === "json" ? bytesOf(JSON.stringify(raw(variable.json) ?? null)) : bytesOf(variable.text);
    findings.push(
      measured("workersVariableBytes", bytes, () => ({
        resource: r,
        message: `${over(`Worker "${r.name}"'s variable ${name}`, bytes, L.workersVariableBytes)} Keep data that grows out of environment variables. ${NOT_FROM_A_STACK_FILE}`,
      })),
    );
  }
  // The script carries the route and rate-limit tables (runtime/front-door/script.ts): it grows with
  // the routes and the rate-limited workloads. Cloudflare counts its size after compression.
  const content = props(r).content;
  const largestName = plan === "paid" ? "workersScriptCompressedBytesPaid" : "workersScriptCompressedBytesFree";
  const compressed = typeof content === "string" ? gzipSync(content).length : 0;
  findings.push(
    measured(largestName, compressed, () => {
      const limit = over(`Worker "${r.name}"'s script after compression`, compressed, L[largestName]);
      return entryOf(r)
        ? {
            resource: r,
            path: ["workloads"],
            message: `${limit} It carries every route under routes (with its renamedFrom labels) and the limit of every workload with a rateLimit: declare fewer routes or workloads.<name>.rateLimit entries in the stack file, or set this policy's workersPlan to paid if the account is on Workers Paid.`,
          }
        : { resource: r, message: `${limit} Make the script smaller, or set this policy's workersPlan to paid if the account is on Workers Paid.` };
    }),
  );
  return findings;
}

function kmsKeyPolicy(r: PolicyResource): Measurement[] {
  const bytes = bytesOf(props(r).policy);
  // The components' key policies name no reader (readers are granted on their own roles): nothing in a stack file grows them.
  return [
    measured("kmsKeyPolicyBytes", bytes, () => ({
      resource: r,
      message: `${over(`KMS key "${r.name}"'s policy`, bytes, L.kmsKeyPolicyBytes)} Shorten the key policy. ${NOT_FROM_A_STACK_FILE}`,
    })),
  ];
}

function secretPolicy(r: PolicyResource): Measurement[] {
  const characters = charactersOf(props(r).policy);
  return [measured("secretPolicyCharacters", characters, () => secretPolicyFinding(r, characters))];
}

// The components' secret policies name at most one role, a workload's readerRoleArn (an ARN of at
// most 2,048 characters): nothing in a stack file grows them to the limit.
function secretPolicyFinding(r: PolicyResource, characters: number): Finding {
  return { resource: r, message: `${over(`Secrets Manager secret "${r.name}"'s resource policy`, characters, L.secretPolicyCharacters)} Shorten the secret's policy. ${NOT_FROM_A_STACK_FILE}` };
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
        const limit = over(`${policies.length === 1 ? "The inline policy" : `The ${policies.length} inline policies`} this stack puts on IAM role "${role}" (white space not counted)`, characters, L.iamRoleInlinePolicyCharacters);
        if (lastWorkload) {
          return {
            resource: last,
            path: ["workloads", lastWorkload, "readerRoleArn"],
            message: `${limit} Workloads ${names(workloads)} name the role as workloads.<name>.readerRoleArn: give each a role of its own in the stack file, or grant their reads in one managed policy.`,
          };
        }
        // components/provider-keys.ts: one grant per reader role, listing every provider key its workloads read directly.
        return entryOf(last)
          ? {
              resource: last,
              path: ["workloads"],
              message: `${limit} Switchyard's grant on it lists every provider key read directly by the workloads whose readerRoleArn names role "${role}": in the stack file, give some of them a workloads.<name>.readerRoleArn of their own, or list fewer keys in their workloads.<name>.directKeys. Other inline policies on the role count too.`,
            }
          : { resource: last, message: `${limit} Put fewer inline policies on the role, or grant in one managed policy.` };
      }),
    );
  }
  return findings;
}

function alarmActions(r: PolicyResource): Measurement[] {
  const entry = entryOf(r);
  const path: FieldPath | undefined = entry?.[0] === "workloads" || entry?.[0] === "usageLedger" ? [...entry, "alerts"] : undefined;
  const fix = path
    ? `Each alert channel is one action: list at most ${L.alarmActionsPerState.figure} channels in ${path.join(".")} in the stack file.`
    : "List fewer actions.";
  return ALARM_ACTION_FIELDS.map((field) => {
    const actions = entriesOf(props(r)[field]);
    return measured("alarmActionsPerState", actions, () => ({ resource: r, ...(path ? { path } : {}), message: `${over(`Alarm "${r.name}"'s ${field}`, actions, L.alarmActionsPerState)} ${fix}` }));
  });
}

function kvEntry(r: PolicyResource): Measurement[] {
  const workload = workloadOf(r);
  const p = props(r);
  const metadata = typeof raw(p.metadata) === "object" ? JSON.stringify(raw(p.metadata)) : p.metadata;
  // A gateway key's entry (components/workload.ts): its name is a digest and it has no metadata;
  // its value is the key's scope, which the workload's entry grows.
  const checks: Array<[string, number, VendorLimitName, string]> = [
    ["key name", bytesOf(p.keyName), "kvKeyBytes", NOT_FROM_A_STACK_FILE],
    ["metadata", bytesOf(metadata), "kvMetadataBytes", NOT_FROM_A_STACK_FILE],
    ["value", bytesOf(p.value), "kvValueBytes", `It holds the key's scope: list fewer routes, models and allowedIps under workloads.${workload}.`],
  ];
  return checks.map(([what, bytes, limit, fix]) =>
    measured(limit, bytes, () => {
      const message = over(`Workers KV entry "${r.name}"'s ${what}`, bytes, L[limit]);
      return workload && limit === "kvValueBytes" ? { resource: r, path: ["workloads", workload], message: `${message} ${fix}` } : { resource: r, message: `${message} ${fix}` };
    }),
  );
}

function spendRules(r: PolicyResource): Measurement[] {
  const spendLimits = Object.fromEntries(fieldsOf(props(r).spendLimits));
  const rules = entriesOf(spendLimits.rules);
  return [
    measured("aiGatewaySpendRules", rules, () => ({
      resource: r,
      path: ["workloads"],
      message: `${over(`AI Gateway "${r.name}"'s spend-limit rules`, rules, L.aiGatewaySpendRules)} Each distinct workloads.<name>.budget.monthlyUsd among workloads whose budget.hardLimit is true (the default) is one rule: use at most ${L.aiGatewaySpendRules.figure} distinct amounts in the stack file, or set budget.hardLimit: false on some.`,
    })),
  ];
}

function budget(r: PolicyResource): Measurement[] {
  const workload = workloadOf(r);
  // A workload's budget (components/workload.ts) names the field that grows it; another, the resource's field.
  const at = (path: FieldPath, message: string, fix: string, own: string): Finding =>
    workload ? { resource: r, path: ["workloads", workload, ...path], message: `${message} ${fix}` } : { resource: r, message: `${message} ${own} ${NOT_FROM_A_STACK_FILE}` };
  const p = props(r);
  const findings: Measurement[] = [];
  const name = charactersOf(p.name);
  findings.push(
    measured("budgetNameCharacters", name, () =>
      at([], over(`AWS budget "${r.name}"'s name`, name, L.budgetNameCharacters), `It is made of the environment and the workload's label: shorten the label workloads.${workload} (renamedFrom keeps its resources) or environment.`, "Shorten its name."),
    ),
  );
  const notifications = raw(p.notifications);
  const list = Array.isArray(notifications) ? notifications.map((n) => raw(n) as Record<string, unknown>) : [];
  findings.push(
    measured("budgetNotifications", list.length, () =>
      at(
        ["budget", "alertAtPercent"],
        over(`AWS budget "${r.name}"'s notifications`, list.length, L.budgetNotifications),
        `Each threshold in workloads.${workload}.budget.alertAtPercent is one notification: keep at most ${L.budgetNotifications.figure}.`,
        "Keep fewer notifications.",
      ),
    ),
  );
  const subscribers: Array<["subscriberSnsTopicArns" | "subscriberEmailAddresses", VendorLimitName]> = [
    ["subscriberSnsTopicArns", "budgetSnsSubscribers"],
    ["subscriberEmailAddresses", "budgetEmailSubscribers"],
  ];
  for (const [field, limit] of subscribers) {
    const most = Math.max(0, ...list.map((n) => entriesOf(n[field])));
    findings.push(
      measured(limit, most, () =>
        at(
          ["alerts"],
          over(`AWS budget "${r.name}"'s ${field} on one notification`, most, L[limit]),
          `Webhook channels are SNS subscribers, e-mail channels e-mail subscribers: list fewer channels in workloads.${workload}.alerts.`,
          "List fewer subscribers.",
        ),
      ),
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
    "The violation names the stack-file field that grows the value: list fewer channels in a workload's alerts or usageLedger.alerts, fewer thresholds in budget.alertAtPercent, fewer distinct hard-limited budget.monthlyUsd amounts, fewer provider keys read directly through one readerRoleArn, fewer routes and rate limits. A value no stack file grows says so: the program that made the resource is to change.",
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
