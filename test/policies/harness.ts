/**
 * Calls policies as the engine does, through engine/analyze.ts's evaluatePolicies (@pulumi/policy's
 * own analyzer, as the offline plan runs it), plus builders for captured resources with URNs that
 * carry their parents' types, the way the engine writes them.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import { evaluatePolicies, type PolicyEvaluation } from "../../engine/analyze";
import type { CapturedResource } from "../../engine/capture";
import type { SwitchyardPolicy } from "../../policies/support/policy";

/** The date the example stacks were written against; tests judge dates as of this day. */
export const TODAY = "2026-11-27";
/** How a preview marks a string input computed from another resource's output. */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface Build {
  parent?: CapturedResource;
  protect?: boolean;
  dependsOn?: CapturedResource[];
  propertyDependencies?: Record<string, CapturedResource[]>;
  /** What the engine would hold as outputs; default: the inputs for a custom resource (as a provider echoes them), none for a component. */
  outputs?: Record<string, unknown>;
}

export function resource(type: string, name: string, inputs: Record<string, unknown>, build: Build = {}): CapturedResource {
  const parentChain = build.parent ? build.parent.urn.split("::")[2] + "$" : "";
  const custom = !type.startsWith("switchyard:");
  const propertyDependencies = Object.fromEntries(Object.entries(build.propertyDependencies ?? {}).map(([k, v]) => [k, v.map((d) => d.urn)]));
  return {
    urn: `urn:pulumi:test::switchyard::${parentChain}${type}::${name}`,
    type,
    name,
    custom,
    secretPaths: [],
    ...(build.parent ? { parent: build.parent.urn } : {}),
    inputs,
    outputs: build.outputs ?? (custom ? inputs : {}),
    outputSecretPaths: [],
    dependencies: [...new Set([...(build.dependsOn ?? []).map((d) => d.urn), ...Object.values(propertyDependencies).flat()])],
    propertyDependencies,
    options: { ...(build.protect !== undefined ? { protect: build.protect } : {}) },
  };
}

export interface RunOptions {
  settings?: Record<string, unknown>;
  level?: EnforcementLevel;
  stackTags?: Record<string, string>;
}

export async function run(policy: SwitchyardPolicy, resources: CapturedResource[], options: RunOptions = {}): Promise<PolicyEvaluation> {
  const settings = { ...(policy.configSchema.properties.today ? { today: TODAY } : {}), ...options.settings };
  return evaluatePolicies([policy], resources, {
    config: { [policy.name]: { ...(options.level ? { enforcementLevel: options.level } : {}), ...settings } },
    ...(options.stackTags ? { stackTags: options.stackTags } : {}),
  });
}

/** The messages the policy reports for these resources, in order. */
export async function messages(policy: SwitchyardPolicy, resources: CapturedResource[], options: RunOptions = {}): Promise<string[]> {
  return (await run(policy, resources, options)).violations.map((v) => v.message);
}

/** The stack-file fields the policy's findings point at (dotted), in order; "" when a finding names none. */
export async function fields(policy: SwitchyardPolicy, resources: CapturedResource[], options: RunOptions = {}): Promise<string[]> {
  return (await run(policy, resources, options)).violations.map((v) => (v.path ?? []).map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").replace(/^\./, ""));
}
