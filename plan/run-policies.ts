/**
 * Runs the Switchyard policies over captured resources the way the Pulumi engine and
 * @pulumi/policy 1.21's analyzer server (node_modules/@pulumi/policy/server.js) do, without a
 * gRPC server (building a PolicyPack starts one and a second one exits the process):
 *   - resource policies once per resource, with ResourceValidationArgs (type, props, urn, name,
 *     opts, provider, stackTags, isType, asType, getConfig, notApplicable); props go through the
 *     analyzer's own deserializer (secrets unwrapped) and unknown-checking proxy, so a policy that
 *     reads a value unknown in a preview gets an advisory "can't run ... during preview";
 *   - stack policies once over every resource, as PolicyResources with parent, dependencies and
 *     propertyDependencies resolved to resource objects;
 *   - enforcement level: the config's per-policy level, else its `all` level, else the policy's
 *     default; "disabled" skips, "remediate" reports as "mandatory" (as the server does).
 * The policy test harness (test/policies/harness.ts) calls evaluatePolicies: one engine, not two.
 */
import type {
  EnforcementLevel,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  Severity,
  StackValidationArgs,
} from "@pulumi/policy";
import { allPolicies } from "../policies/registry";
import type { CapturedResource as CaptureResource } from "./capture";
import { validatePackConfig } from "../policies/support/pack-config";
import { isStackPolicy, type SwitchyardPolicy } from "../policies/support/policy";

// Internal modules of @pulumi/policy 1.21 (pinned): the very functions its analyzer server uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
  deserializeProperties(struct: { toJavaScript(): Record<string, unknown> }, proxySecrets: boolean): Record<string, unknown>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy, UnknownValueError } = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T>(value: T): T;
  UnknownValueError: new (...args: never[]) => Error;
};

/**
 * A resource as the mock engine registered it (plan/capture.ts), optionally with the per-input
 * dependencies a real engine would also send (capture records only the overall list, in
 * options.dependsOn).
 */
export type CapturedResource = CaptureResource & {
  /** URNs each input depends on, when known. */
  propertyDependencies?: Record<string, string[]>;
  /** URNs the resource depends on; defaults to options.dependsOn. */
  dependencies?: string[];
};

export interface PolicyViolation {
  policyName: string;
  severity: Severity;
  enforcementLevel: EnforcementLevel;
  message: string;
  urn?: string;
  resourceType?: string;
  resourceName?: string;
}

export interface PolicyRunOptions {
  /** A policy pack config, e.g. the parsed policies/config/<env>.json. */
  config: Record<string, unknown>;
  /** Stack tags, as `pulumi stack tag` sets them. */
  stackTags?: Record<string, string>;
  project?: string;
  stack?: string;
}

export interface PolicyEvaluation {
  violations: PolicyViolation[];
  /** Policies that called notApplicable(), with the resource (URN) or "stack" and the reason. */
  notApplicable: Array<{ policyName: string; target: string; reason?: string }>;
}

/** Runs every Switchyard policy; the config is checked against the policies' schemas first. */
export async function runPolicies(resources: CapturedResource[], options: PolicyRunOptions): Promise<PolicyViolation[]> {
  return (await evaluatePolicies(allPolicies, resources, options)).violations;
}

class NotApplicableError extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
  }
}
const throwNotApplicable = (reason?: string): never => {
  throw new NotApplicableError(reason);
};

/** Runs the given policies over the resources as the engine would during a preview. */
export async function evaluatePolicies(
  policies: readonly SwitchyardPolicy[],
  resources: readonly CapturedResource[],
  options: PolicyRunOptions,
): Promise<PolicyEvaluation> {
  // The config file is the whole pack's: check it against every policy, even when running a few.
  const config = validatePackConfig(options.config, packOf(policies));
  const stackTags = freezeMap(new Map(Object.entries(options.stackTags ?? {})));
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  // The analyzer deserializes per call; doing it once per run is the same data (policies only
  // read props) without repeating the copy for every policy.
  const plain = new Map(resources.map((r) => [r, deserialize(r.inputs)]));
  const propsOf = (r: CapturedResource) => unknownCheckingProxy(plain.get(r) ?? deserialize(r.inputs));
  let stackResources: PolicyResource[] | undefined;
  const violations: PolicyViolation[] = [];
  const notApplicable: PolicyEvaluation["notApplicable"] = [];

  for (const policy of policies) {
    let level = levelFor(policy, config);
    if (level === "disabled") continue;
    if (level === "remediate") level = "mandatory";
    const getConfig = <T extends object>(): T => settingsFor(policy, config) as T;
    const report = (target: CapturedResource | undefined) => (message: string, urn?: string) => {
      const resource = target ?? (urn ? byUrn.get(urn) : undefined);
      violations.push({
        policyName: policy.name,
        severity: policy.severity,
        enforcementLevel: level,
        message,
        ...(resource ? { urn: resource.urn, resourceType: resource.type, resourceName: resource.name } : urn ? { urn } : {}),
      });
    };
    const failed = (error: unknown, target: string, resource?: CapturedResource): void => {
      if (error instanceof NotApplicableError) {
        notApplicable.push({ policyName: policy.name, target, ...(error.reason !== undefined ? { reason: error.reason } : {}) });
      } else if (error instanceof UnknownValueError) {
        violations.push({
          policyName: policy.name,
          severity: policy.severity,
          enforcementLevel: "advisory",
          message: `can't run policy '${policy.name}' from policy pack 'switchyard' during preview: ${(error as Error).message}`,
          ...(resource ? { urn: resource.urn, resourceType: resource.type, resourceName: resource.name } : {}),
        });
      } else {
        throw new Error(`Error validating ${target} with policy '${policy.name}': ${(error as Error).message}`, { cause: error });
      }
    };

    if (isStackPolicy(policy)) {
      stackResources ??= toPolicyResources(resources, propsOf);
      const args: StackValidationArgs = { resources: stackResources, stackTags, getConfig, notApplicable: throwNotApplicable };
      try {
        await policy.validateStack(args, report(undefined));
      } catch (error) {
        failed(error, "stack");
      }
      continue;
    }

    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    const onlyType = validations.length === 1 ? (validations[0] as { __pulumiType?: string }).__pulumiType : undefined;
    for (const resource of resources) {
      if (onlyType !== undefined && resource.type !== onlyType) continue;
      for (const validate of validations) {
        const props = propsOf(resource);
        const args: ResourceValidationArgs = {
          type: resource.type,
          props,
          urn: resource.urn,
          name: resource.name,
          opts: policyOptions(resource),
          stackTags,
          isType: (cls) => isTypeOf(resource.type, cls),
          asType: ((cls: unknown) => (isTypeOf(resource.type, cls) ? props : undefined)) as ResourceValidationArgs["asType"],
          getConfig,
          notApplicable: throwNotApplicable,
        };
        const provider = providerOf(resource, byUrn);
        if (provider) args.provider = provider;
        try {
          await validate(args, report(resource));
        } catch (error) {
          failed(error, resource.urn, resource);
        }
      }
    }
  }
  return { violations, notApplicable };
}

const packs = new WeakMap<readonly SwitchyardPolicy[], readonly SwitchyardPolicy[]>();
function packOf(policies: readonly SwitchyardPolicy[]): readonly SwitchyardPolicy[] {
  if (policies === allPolicies) return allPolicies;
  let pack = packs.get(policies);
  if (!pack) {
    pack = [...allPolicies, ...policies.filter((p) => !allPolicies.includes(p))];
    packs.set(policies, pack);
  }
  return pack;
}

function levelFor(policy: SwitchyardPolicy, config: Record<string, unknown>): EnforcementLevel {
  const own = config[policy.name];
  if (typeof own === "string") return own as EnforcementLevel;
  if (own && typeof own === "object" && "enforcementLevel" in own) return (own as { enforcementLevel: EnforcementLevel }).enforcementLevel;
  const all = config.all;
  if (typeof all === "string") return all as EnforcementLevel;
  if (all && typeof all === "object" && "enforcementLevel" in all) return (all as { enforcementLevel: EnforcementLevel }).enforcementLevel;
  return policy.enforcementLevel;
}

function settingsFor(policy: SwitchyardPolicy, config: Record<string, unknown>): Record<string, unknown> {
  const own = config[policy.name];
  if (!own || typeof own !== "object") return {};
  const { enforcementLevel: _level, ...properties } = own as Record<string, unknown>;
  return properties;
}

/** Inputs as the analyzer deserializes them: secrets unwrapped (wrap in unknownCheckingProxy to trap unknowns). */
function deserialize(inputs: Record<string, unknown>): Record<string, unknown> {
  return deserializeProperties({ toJavaScript: () => inputs }, false);
}
const engineProps = (inputs: Record<string, unknown>) => unknownCheckingProxy(deserialize(inputs));

function policyOptions(resource: CapturedResource): PolicyResourceOptions {
  const o = resource.options;
  return {
    protect: o.protect === true,
    ignoreChanges: o.ignoreChanges ?? [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: o.additionalSecretOutputs ?? [],
    ...(o.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: o.deleteBeforeReplace } : {}),
    ...(resource.parent ? { parent: resource.parent } : {}),
  };
}

/** A provider reference is `<provider urn>::<id>`; the engine sends the provider's type, name and urn. */
function providerOf(resource: CapturedResource, byUrn: Map<string, CapturedResource>): PolicyProviderResource | undefined {
  if (!resource.provider) return undefined;
  const urn = resource.provider.includes("::") && resource.provider.startsWith("urn:") ? resource.provider.split("::").slice(0, 4).join("::") : resource.provider;
  const known = byUrn.get(urn);
  const parts = urn.split("::");
  const type = known?.type ?? (parts[2] ?? "").split("$").pop() ?? "";
  return { type, urn, name: known?.name ?? parts[3] ?? "", props: engineProps(known?.inputs ?? {}) };
}

function toPolicyResources(resources: readonly CapturedResource[], propsOf: (r: CapturedResource) => Record<string, unknown>): PolicyResource[] {
  const built = resources.map((r) => {
    const props = propsOf(r);
    const resource: PolicyResource = {
      type: r.type,
      props,
      urn: r.urn,
      name: r.name,
      opts: policyOptions(r),
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => isTypeOf(r.type, cls),
      asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as PolicyResource["asType"],
    };
    return { resource, captured: r };
  });
  const byUrn = new Map(built.map((b) => [b.resource.urn, b.resource]));
  const resolve = (urns: readonly string[] | undefined) => (urns ?? []).map((u) => byUrn.get(u)).filter((r): r is PolicyResource => r !== undefined);
  for (const { resource, captured } of built) {
    const parent = captured.parent ? byUrn.get(captured.parent) : undefined;
    if (parent) resource.parent = parent;
    resource.dependencies = resolve(captured.dependencies ?? captured.options.dependsOn);
    for (const [key, urns] of Object.entries(captured.propertyDependencies ?? {})) resource.propertyDependencies[key] = resolve(urns);
  }
  return built.map((b) => b.resource);
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
  const pulumiType = (resourceClass as { __pulumiType?: unknown } | undefined)?.__pulumiType;
  if (typeof pulumiType === "string" && pulumiType.length > 0) return type === pulumiType;
  const isInstance = (resourceClass as { isInstance?: unknown } | undefined)?.isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function freezeMap(map: Map<string, string>): ReadonlyMap<string, string> {
  return Object.freeze({
    entries: map.entries.bind(map),
    forEach: map.forEach.bind(map),
    get: map.get.bind(map),
    has: map.has.bind(map),
    keys: map.keys.bind(map),
    size: map.size,
    values: map.values.bind(map),
    [Symbol.iterator]: map[Symbol.iterator].bind(map),
  }) as ReadonlyMap<string, string>;
}
