import type { RouteArgs } from "../../components/contract";
import { sameTarget } from "../../stacks/route-targets";
import { reportAt } from "../support/location";
import { validateComponent } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { TYPES } from "../support/types";

/**
 * A fallback that is the primary again (same model, same key) retries the target that just failed:
 * it counts as a fallback for switchyard-routes-fallback and gives no resilience. Mandatory in
 * production (policies/floor.ts), advisory elsewhere.
 */
export const routesFallbackDistinct: SwitchyardResourcePolicy = {
  name: "switchyard-routes-fallback-distinct",
  description: "No fallback of a route is its primary again (same model through the same key), or the rollback while the route is rolled back, or an earlier fallback: each fallback is somewhere else to go.",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Point the fallback at another model or another provider key (routes.<r>.fallbacks[i]), or remove it.",
  unknownValues: "Reads only the Route's inputs, written in the stack file and known in every preview.",
  validateResource: validateComponent<RouteArgs>(TYPES.Route, (r, _args, report) => {
    const fallbacks = r.fallbacks ?? [];
    fallbacks.forEach((fallback, i) => {
      const at = ["routes", r.route, "fallbacks", i];
      const same = `(${fallback.model} with key ${fallback.key})`;
      const twin = fallbacks.slice(0, i).findIndex((earlier) => sameTarget(earlier, fallback));
      let what: string | undefined;
      if (r.primary && sameTarget(fallback, r.primary)) what = "is its primary again";
      else if (r.active === "rollback" && r.rollback && sameTarget(fallback, r.rollback)) what = "is its active rollback target again";
      else if (twin >= 0) what = `repeats fallbacks[${twin}]`;
      if (what) {
        reportAt(report, at, `Route "${r.route}"'s fallbacks[${i}] ${what} ${same}, so when that target fails the fallback fails with it. Point routes.${r.route}.fallbacks[${i}] at another model or key, or remove it.`);
      }
    });
  }),
};
