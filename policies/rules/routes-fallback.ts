import type { PolicyConfigSchema } from "@pulumi/policy";
import type { RouteArgs } from "../../components/contract";
import { LIMITS } from "../../stacks/formats";
import { reportAt } from "../support/location";
import { validateComponent } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { readSettings } from "../support/settings";
import { TYPES } from "../support/types";

const configSchema: PolicyConfigSchema = { properties: { minFallbacks: { type: "integer", minimum: LIMITS.fallbacks.min, maximum: LIMITS.fallbacks.max, default: 1, description: "Fewest fallback targets a route has." } } };

/** With no fallback, one provider outage is an outage of the route. */
export const routesFallback: SwitchyardResourcePolicy = {
  name: "switchyard-routes-fallback",
  description: "Every route has at least minFallbacks (1) fallback targets, tried when the active target fails or times out.",
  severity: "low",
  enforcementLevel: "advisory",
  configSchema,
  remediationSteps: "Add routes.<r>.fallbacks with a model of another provider, e.g. - { model: google-ai-studio/gemini-2.5-flash, key: gemini-main }.",
  unknownValues: "Reads only the Route's inputs, written in the stack file and known in every preview.",
  validateResource: validateComponent<RouteArgs>(TYPES.Route, (r, args, report) => {
    const { minFallbacks } = readSettings<{ minFallbacks: number }>(configSchema, args);
    const count = (r.fallbacks ?? []).length;
    if (count < minFallbacks) {
      reportAt(report, ["routes", r.route, "fallbacks"], `Route "${r.route}" has ${count} fallback target${count === 1 ? "" : "s"}; at least ${minFallbacks} expected, so one provider outage takes the route down. Add targets under routes.${r.route}.fallbacks.`);
    }
  }),
};
