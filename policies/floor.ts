/**
 * The production floor: the least each policy may be held to in a production environment
 * (stacks/environment.ts isProduction), whatever the environment's policy config asks. A config
 * that asks for less (a lower level, or a numeric setting past its bound) fails the preview
 * through switchyard-policy-floor, naming the policy and the config file. The floor lives here, in
 * the pack's code, so lowering it is a change to policies/, which the example CODEOWNERS gives to
 * the security team (examples/github-actions/CODEOWNERS); the config files are the environment
 * owners'. Dev and staging have no floor.
 */
import type { EnforcementLevel } from "@pulumi/policy";

export interface Floor {
  /** The least level: `advisory` keeps the policy on, `mandatory` makes a finding fail the preview. */
  level: Exclude<EnforcementLevel, "disabled" | "remediate">;
  /** Numeric settings and the bound the config may not cross (a larger `atMost` or a smaller `atLeast` is weaker). */
  settings?: Record<string, { atMost: number } | { atLeast: number }>;
}

const mandatory: Floor = { level: "mandatory" };

/** Every policy of the registry (test/policies/policy-floor.test.ts holds the two lists equal). */
export const PRODUCTION_FLOOR: Readonly<Record<string, Floor>> = {
  "switchyard-policy-floor": mandatory,
  "switchyard-pack-component-inputs": mandatory,
  "switchyard-keys-one-workload": mandatory,
  "switchyard-keys-scope": mandatory,
  "switchyard-keys-no-cloudflare-token-in-workloads": mandatory,
  "switchyard-tokens-front-door-run-only": mandatory,
  "switchyard-keys-expiry": { level: "mandatory", settings: { maxKeyLifetimeDays: { atMost: 90 } } },
  "switchyard-keys-allowed-ips": mandatory,
  "switchyard-keys-families": mandatory,
  "switchyard-gateway-authentication": mandatory,
  "switchyard-gateway-byok-only": mandatory,
  "switchyard-gateway-guardrails": mandatory,
  "switchyard-gateway-dlp": mandatory,
  "switchyard-gateway-opentelemetry": { level: "mandatory", settings: { minExporters: { atLeast: 1 } } },
  "switchyard-secrets-by-reference": mandatory,
  "switchyard-secrets-customer-managed-key": mandatory,
  "switchyard-secrets-key-rotation": mandatory,
  "switchyard-secrets-recovery-window": { level: "mandatory", settings: { minRecoveryWindowDays: { atLeast: 7 } } },
  "switchyard-secrets-no-plaintext-credentials": mandatory,
  "switchyard-secrets-otel-headers": mandatory,
  "switchyard-secrets-rotation-due": mandatory,
  "switchyard-routes-rollback-target": mandatory,
  "switchyard-routes-fallback": { level: "advisory", settings: { minFallbacks: { atLeast: 1 } } },
  "switchyard-routes-fallback-distinct": mandatory,
  "switchyard-routes-canary-bound": { level: "mandatory", settings: { maxCanaryPercent: { atMost: 50 } } },
  "switchyard-protection-required": mandatory,
  "switchyard-budgets-required": mandatory,
  "switchyard-alarms-actionable": mandatory,
  "switchyard-alerts-topic-encrypted": mandatory,
  "switchyard-decision-record-complete": mandatory,
  "switchyard-decision-review-due": mandatory,
  "switchyard-decision-direct-controls": mandatory,
  "switchyard-ledger-bucket-hardened": mandatory,
  "switchyard-ledger-logs-collected": mandatory,
  "switchyard-ledger-required": mandatory,
  "switchyard-ledger-alarms-routed": mandatory,
  "switchyard-limits-vendor": mandatory,
};

/** Stack policies cannot remediate, and a resource policy at remediate fails as mandatory does (pulumi-policy sdk/nodejs/policy/server.ts). */
const RANK: Record<EnforcementLevel, number> = { disabled: 0, advisory: 1, mandatory: 2, remediate: 2 };

export const levelRank = (level: EnforcementLevel): number => RANK[level];

/** What a policy's effective config asks below its floor, in words; empty when it asks for the floor or more. */
export function belowFloor(floor: Floor, level: EnforcementLevel, settings: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  if (RANK[level] < RANK[floor.level]) problems.push(`its level is ${level}; the least is ${floor.level}`);
  if (RANK[level] === 0) return problems; // disabled: its settings do not matter
  for (const [setting, bound] of Object.entries(floor.settings ?? {})) {
    const value = settings[setting];
    if (typeof value !== "number") continue; // the schema's default applies, within the bound
    if ("atMost" in bound && value > bound.atMost) problems.push(`${setting} is ${value}; the most is ${bound.atMost}`);
    if ("atLeast" in bound && value < bound.atLeast) problems.push(`${setting} is ${value}; the least is ${bound.atLeast}`);
  }
  return problems;
}
