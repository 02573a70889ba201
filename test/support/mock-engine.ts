/**
 * Test helpers over the one mock-engine harness (engine/capture.ts): load an example stack, run
 * it, and look resources up by type and name.
 */
import { join } from "node:path";
import { captureStack, type CaptureOptions, type CaptureResult, type CapturedResource } from "../../engine/capture";
import { loadStackFile } from "../../stacks/load";
import type { StackSpec } from "../../stacks/schema";

export const EXAMPLE_STACKS = ["dev", "staging", "prod"] as const;

export function loadExample(name: string): StackSpec {
  return loadStackFile(join(__dirname, "..", "..", "stacks", `${name}.yaml`));
}

/** A deep, unfrozen copy to edit in a test. */
export function editable(spec: StackSpec): StackSpec {
  return structuredClone(spec) as StackSpec;
}

export function capture(spec: StackSpec, options?: CaptureOptions): Promise<CaptureResult> {
  return captureStack(spec, options);
}

export function ofType(result: CaptureResult, type: string): CapturedResource[] {
  return result.resources.filter((r) => r.type === type);
}

export function named(result: CaptureResult, type: string, name: string): CapturedResource {
  const found = result.resources.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`no ${type} named ${name}; have: ${ofType(result, type).map((r) => r.name).join(", ")}`);
  return found;
}

export function countByType(result: CaptureResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of result.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Every resource below (children, grandchildren...) the given URN. */
export function descendants(result: CaptureResult, urn: string): CapturedResource[] {
  const out: CapturedResource[] = [];
  const walk = (parent: string) => {
    for (const r of result.resources) if (r.parent === parent) (out.push(r), walk(r.urn));
  };
  walk(urn);
  return out;
}

/** Every string leaf of a value with its path, for leak searches. */
export function stringLeaves(value: unknown, path = ""): Array<{ path: string; text: string }> {
  if (typeof value === "string") return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, `${path}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, path ? `${path}.${k}` : k));
  return [];
}

export const T = {
  stack: "switchyard:index:AiGatewayStack",
  gatewayComponent: "switchyard:index:Gateway",
  providerKeys: "switchyard:index:ProviderKeys",
  routeComponent: "switchyard:index:Route",
  workloadComponent: "switchyard:index:Workload",
  alerts: "switchyard:index:Alerts",
  aiGateway: "cloudflare:index/aiGateway:AiGateway",
  route: "cloudflare:index/aiGatewayDynamicRouting:AiGatewayDynamicRouting",
  kv: "cloudflare:index/workersKv:WorkersKv",
  kvNamespace: "cloudflare:index/workersKvNamespace:WorkersKvNamespace",
  workerScript: "cloudflare:index/workersScript:WorkersScript",
  storeSecret: "cloudflare:index/secretsStoreSecret:SecretsStoreSecret",
  byok: "pulumi-nodejs:dynamic/switchyard:ByokProviderConfig",
  kmsKey: "aws:kms/key:Key",
  kmsAlias: "aws:kms/alias:Alias",
  secret: "aws:secretsmanager/secret:Secret",
  secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  budget: "aws:budgets/budget:Budget",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  randomBytes: "random:index/randomBytes:RandomBytes",
} as const;
