/**
 * Judges captured resources with the Switchyard policies the way `pulumi preview --policy-pack`
 * does: the config file is checked (policies/support/pack-config.ts) and reconciled as the CLI
 * reconciles it, then @pulumi/policy's own analyzer (engine/analyzer.ts) is configured and asked
 * Analyze for every resource (inputs) and AnalyzeStack once (outputs), with the messages the engine
 * sends (engine/requests.ts). The offline plan, the policy tests and the benches all judge through
 * evaluatePolicies: one analyzer, the vendor's.
 */
import { allPolicies } from "../policies/registry";
import { listenForLocations, type LocatedReport } from "../policies/support/location";
import { reconcilePackConfig, validatePackConfig } from "../policies/support/pack-config";
import type { SwitchyardPolicy } from "../policies/support/policy";
import { analyzerFor, decodeEachOnce } from "./analyzer";
import type { CapturedResource } from "./capture";
import { analyzeRequest, analyzeStackRequest, configureRequest, configureStackRequest, decodedStruct, violationsOf, type PolicyViolation } from "./requests";

export type { PolicyViolation } from "./requests";

export interface PolicyRunOptions {
  /** The policy pack config (policies/config/<env>.json, as given to --policy-pack-config). */
  config: Record<string, unknown>;
  /** Stack tags, as `pulumi stack tag` sets them. */
  stackTags?: Record<string, string>;
  project?: string;
  stack?: string;
  /** Judge as a preview (the default, as `pulumi preview`) or as an update. */
  dryRun?: boolean;
}

export interface PolicyEvaluation {
  violations: PolicyViolation[];
  /** Policies that called notApplicable(), with the resource (URN) or "stack" and the reason. */
  notApplicable: Array<{ policyName: string; target: string; reason?: string }>;
}

/** Runs every Switchyard policy; the config is checked against the policies' schemas first. */
export async function runPolicies(resources: readonly CapturedResource[], options: PolicyRunOptions): Promise<PolicyViolation[]> {
  return (await evaluatePolicies(allPolicies, resources, options)).violations;
}

/** The analyzer's own type filter answers "not applicable" for every other type: not a policy's decision. */
const TYPE_FILTER = /^Policy only applies to resources of type /;

let queue: Promise<unknown> = Promise.resolve();

/** Runs the given policies over the resources as the engine would. Analyses run one at a time (the analyzer holds one config). */
export function evaluatePolicies(policies: readonly SwitchyardPolicy[], resources: readonly CapturedResource[], options: PolicyRunOptions): Promise<PolicyEvaluation> {
  const next = queue.then(() => evaluateOnce(policies, resources, options));
  queue = next.catch(() => undefined);
  return next;
}

async function evaluateOnce(policies: readonly SwitchyardPolicy[], resources: readonly CapturedResource[], options: PolicyRunOptions): Promise<PolicyEvaluation> {
  // The config file is the whole pack's: check it against every policy, even when running a few.
  const file = validatePackConfig(options.config, packOf(policies));
  const analyzer = analyzerFor(policies);
  await analyzer.configure(configureRequest(reconcilePackConfig(policies, file)));
  await analyzer.configureStack(
    configureStackRequest({ project: options.project ?? "switchyard", stack: options.stack ?? "", tags: options.stackTags ?? {}, dryRun: options.dryRun ?? true }),
  );
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const violations: PolicyViolation[] = [];
  const notApplicable: PolicyEvaluation["notApplicable"] = [];
  const restoreDecoding = decodeEachOnce();
  try {
    for (const resource of resources) {
      const { result, located } = await listenForLocations(() => analyzer.analyze(analyzeRequest(resource, byUrn, decodedStruct)));
      violations.push(...locate(violationsOf(result, byUrn, resource.urn), located));
      for (const n of result.getNotApplicableList()) {
        if (!TYPE_FILTER.test(n.getReason())) notApplicable.push({ policyName: n.getPolicyName(), target: resource.urn, ...(n.getReason() ? { reason: n.getReason() } : {}) });
      }
    }
    const { result, located } = await listenForLocations(() => analyzer.analyzeStack(analyzeStackRequest(resources, decodedStruct)));
    violations.push(...locate(violationsOf(result, byUrn), located));
    for (const n of result.getNotApplicableList()) {
      if (!TYPE_FILTER.test(n.getReason())) notApplicable.push({ policyName: n.getPolicyName(), target: "stack", ...(n.getReason() ? { reason: n.getReason() } : {}) });
    }
  } finally {
    restoreDecoding();
  }
  return { violations, notApplicable };
}

/** Attaches the field paths policies reported (reportAt) to the findings they belong to. */
function locate(violations: PolicyViolation[], located: readonly LocatedReport[]): PolicyViolation[] {
  if (located.length === 0) return violations;
  return violations.map((v) => {
    const found = located.find((l) => l.message === v.message && (l.urn === undefined || l.urn === v.urn));
    return found ? { ...v, path: found.path } : v;
  });
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
