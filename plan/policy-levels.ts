/**
 * The policy levels in force, as part of the review: every policy's effective level and settings
 * under the environment's policy config (reconciled as the CLI reconciles it), its production
 * floor (policies/floor.ts), and, with --base, what changed in the config since the base ref.
 * A config that weakens a prod policy fails the plan through switchyard-policy-floor; these lines
 * say what changed even where no floor applies (dev, staging).
 */
import { belowFloor, PRODUCTION_FLOOR } from "../policies/floor";
import { reconcilePackConfig, type ReconciledPolicyConfig } from "../policies/support/pack-config";
import type { SwitchyardPolicy } from "../policies/support/policy";
import { FLOOR_POLICY } from "../policies/support/requested-config";
import { isProduction } from "../stacks/environment";
import { flatten } from "./flatten";
import type { PolicyLevelChange, PolicyLevelEntry } from "./report-model";

type Effective = Record<string, ReconciledPolicyConfig>;

/** What each policy runs at: the floor policy always at mandatory (the config cannot lower it). */
function effective(policies: readonly SwitchyardPolicy[], file: Record<string, unknown>): Effective {
  const reconciled = reconcilePackConfig(policies, file);
  const floor = reconciled[FLOOR_POLICY];
  if (floor) floor.enforcementLevel = "mandatory";
  return reconciled;
}

const weakened = (environment: string, name: string, config: ReconciledPolicyConfig | undefined): string[] => {
  const floor = PRODUCTION_FLOOR[name];
  return floor && config && isProduction(environment) ? belowFloor(floor, config.enforcementLevel, config.properties) : [];
};

/** Every policy, in registry order, with its level, its floor in a production environment, and its settings. */
export function policyLevels(policies: readonly SwitchyardPolicy[], file: Record<string, unknown>, environment: string): PolicyLevelEntry[] {
  const levels = effective(policies, file);
  return policies.map((p) => {
    const config = levels[p.name] as ReconciledPolicyConfig;
    const floor = isProduction(environment) ? PRODUCTION_FLOOR[p.name]?.level : undefined;
    return {
      policyName: p.name,
      level: config.enforcementLevel,
      ...(floor ? { floor } : {}),
      settings: Object.fromEntries(flatten(config.properties)),
    };
  });
}

/**
 * Each level and setting that differs between the base ref's config and this one (a missing base
 * file reads as `{}`: every policy at its level in code), most important first: changes below the
 * production floor, then level changes, then settings.
 */
export function policyLevelChanges(policies: readonly SwitchyardPolicy[], base: Record<string, unknown>, head: Record<string, unknown>, environment: string): PolicyLevelChange[] {
  const before = effective(policies, base);
  const after = effective(policies, head);
  const changes: PolicyLevelChange[] = [];
  for (const p of policies) {
    const [b, a] = [before[p.name] as ReconciledPolicyConfig, after[p.name] as ReconciledPolicyConfig];
    const below = weakened(environment, p.name, a).length > 0;
    if (b.enforcementLevel !== a.enforcementLevel) changes.push({ policyName: p.name, field: "level", old: b.enforcementLevel, new: a.enforcementLevel, belowFloor: below });
    const [fb, fa] = [flatten(b.properties), flatten(a.properties)];
    for (const field of [...new Set([...fb.keys(), ...fa.keys()])].sort()) {
      if (fb.get(field) === fa.get(field)) continue;
      changes.push({ policyName: p.name, field, ...(fb.has(field) ? { old: fb.get(field) } : {}), ...(fa.has(field) ? { new: fa.get(field) } : {}), belowFloor: below });
    }
  }
  const rank = (c: PolicyLevelChange) => (c.belowFloor ? 0 : c.field === "level" ? 1 : 2);
  return changes.map((c, i) => [c, i] as const).sort(([x, i], [y, j]) => rank(x) - rank(y) || i - j).map(([c]) => c);
}

/** "switchyard-keys-allowed-ips: mandatory -> advisory (prod)", as every format writes a change. */
export function describePolicyChange(c: PolicyLevelChange, environment: string): string {
  const what = c.field === "level" ? c.policyName : `${c.policyName} ${c.field}`;
  const value = (v: PolicyLevelChange["old"]) => (v === undefined ? "(unset)" : String(v));
  return `${what}: ${value(c.old)} -> ${value(c.new)} (${environment})${c.belowFloor ? ", below the production floor" : ""}`;
}

/** Policy names by level, mandatory first, for the one-line summaries of every format. */
export function byLevel(levels: readonly PolicyLevelEntry[]): Array<[PolicyLevelEntry["level"], string[]]> {
  const order: Array<PolicyLevelEntry["level"]> = ["mandatory", "remediate", "advisory", "disabled"];
  return order.map((level) => [level, levels.filter((l) => l.level === level).map((l) => l.policyName)] as [PolicyLevelEntry["level"], string[]]).filter(([, names]) => names.length > 0);
}
