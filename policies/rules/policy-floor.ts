import type { GatewayOutputs } from "../../components/contract";
import { isProduction } from "../../stacks/environment";
import { belowFloor, PRODUCTION_FLOOR } from "../floor";
import { FLOOR_POLICY, requestedConfig } from "../support/requested-config";
import type { SwitchyardStackPolicy } from "../support/policy";
import { TYPES } from "../support/types";

/**
 * A production stack's policy config cannot switch off or weaken the policies that judge it:
 * each is held to its floor in policies/floor.ts. The config cannot turn this policy off either
 * (policies/support/requested-config.ts keeps it at mandatory).
 */
export const policyFloor: SwitchyardStackPolicy = {
  name: FLOOR_POLICY,
  description:
    "In a production environment (prod, production, prod-*), the policy config holds every policy at least at its floor in policies/floor.ts: no policy disabled or lowered below its least level, no numeric setting past its bound. The config cannot lower this policy itself.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps:
    "Restore the policy's level or setting in policies/config/<environment>.json. To lower the floor itself, change policies/floor.ts: a change to the pack's code, reviewed by the security team (CODEOWNERS).",
  unknownValues: "Reads the Gateway's environment, written from the stack file and known in every preview, and the config the engine sent.",
  validateStack: (args, report) => {
    const gateway = args.resources.find((r) => r.type === TYPES.Gateway);
    const environment = gateway ? (gateway.props as Partial<GatewayOutputs>).environment : undefined;
    if (environment === undefined || !isProduction(environment)) return;
    const requested = requestedConfig();
    const file = `policies/config/${environment}.json`;
    // A policy the engine sent no config for runs at its level in code, at or above its floor (test/policies/policy-floor.test.ts).
    for (const [name, floor] of Object.entries(PRODUCTION_FLOOR)) {
      const asked = requested?.get(name);
      if (!asked) continue;
      const problems = belowFloor(floor, asked.enforcementLevel, asked.settings);
      if (problems.length > 0) {
        report(
          `Policy ${name} is weakened by this stack's policy config (${file}, the file given to --policy-pack-config): ${problems.join("; ")} in a production environment ("${environment}"). Restore it in ${file}; the floor itself is policies/floor.ts, owned by the security team.`,
        );
      }
    }
  },
};
