/**
 * What every Switchyard policy carries besides its check: CrossGuard's own metadata fields
 * (@pulumi/policy 1.21 has `severity` and `remediationSteps` on Policy), made required here so
 * that the pack, the README and the offline plan can rely on them.
 */
import type {
  EnforcementLevel,
  PolicyConfigSchema,
  ResourceValidationPolicy,
  Severity,
  StackValidationPolicy,
} from "@pulumi/policy";

interface Metadata {
  /** `switchyard-<area>-<rule>`. */
  name: string;
  /** What the policy checks, one or two sentences (README column "what it checks"). */
  description: string;
  severity: Severity;
  /** Used when the environment's config file does not name a level. */
  enforcementLevel: EnforcementLevel;
  /** JSON Schema of the policy's settings; `default`s are applied by readSettings(). */
  configSchema: PolicyConfigSchema;
  /** How to fix a violation (README column "how to fix"). */
  remediationSteps: string;
  /**
   * What the policy does when a value it reads is unknown, as in a first `pulumi preview` before
   * anything exists (README column "unknown in a preview"). Either the value cannot change the
   * verdict (say why), or the policy judges it another way, or it lets the engine report
   * "can't run policy ... during preview" as an advisory: never a silent pass.
   */
  unknownValues: string;
}

export type SwitchyardResourcePolicy = ResourceValidationPolicy & Metadata & { validateResource: NonNullable<ResourceValidationPolicy["validateResource"]> };
export type SwitchyardStackPolicy = StackValidationPolicy & Metadata;
export type SwitchyardPolicy = SwitchyardResourcePolicy | SwitchyardStackPolicy;

export function isStackPolicy(policy: SwitchyardPolicy): policy is SwitchyardStackPolicy {
  return "validateStack" in policy && typeof policy.validateStack === "function";
}
