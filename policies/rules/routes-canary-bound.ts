import type { PolicyConfigSchema } from "@pulumi/policy";
import type { RouteArgs } from "../../components/contract";
import { LIMITS } from "../../stacks/formats";
import { reportAt } from "../support/location";
import { validateComponent } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { readSettings } from "../support/settings";
import { TYPES } from "../support/types";

const configSchema: PolicyConfigSchema = { properties: { maxCanaryPercent: { type: "integer", minimum: LIMITS.canaryPercent.min, maximum: LIMITS.canaryPercent.max, default: 50, description: "Largest share of a route's requests a canary may take." } } };

/** A canary above half the traffic is a migration, not a canary. */
export const routesCanaryBound: SwitchyardResourcePolicy = {
  name: "switchyard-routes-canary-bound",
  description: "A route's canary takes at most maxCanaryPercent (50) percent of its requests.",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema,
  remediationSteps: "Lower routes.<r>.canary.percent; to move all traffic, make the canary the primary and the old primary the rollback.",
  unknownValues: "Reads only the Route's inputs, written in the stack file and known in every preview.",
  validateResource: validateComponent<RouteArgs>(TYPES.Route, (r, args, report) => {
    const { maxCanaryPercent } = readSettings<{ maxCanaryPercent: number }>(configSchema, args);
    if (r.canary && r.canary.percent > maxCanaryPercent) {
      reportAt(report, ["routes", r.route, "canary", "percent"], `Route "${r.route}" sends ${r.canary.percent}% of requests to canary ${r.canary.model}; at most ${maxCanaryPercent}% is allowed. Lower routes.${r.route}.canary.percent, or promote the canary to primary and keep the old primary as rollback.`);
    }
  }),
};
