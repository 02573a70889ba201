import type { RouteArgs } from "../../components/contract";
import { sameTarget } from "../../stacks/route-targets";
import { reportAt } from "../support/location";
import { validateComponent } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { TYPES } from "../support/types";

/** The one-line rollback only helps if there is somewhere else to go, and that target still works. */
export const routesRollbackTarget: SwitchyardResourcePolicy = {
  name: "switchyard-routes-rollback-target",
  description: "Every route has a rollback target that differs from its primary (another model or key) and whose provider key is still declared.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Set routes.<r>.rollback to the last known-good { model, key }, different from primary, with a key declared under providerKeys.",
  unknownValues: "Reads only the Route's inputs, written in the stack file and known in every preview.",
  validateResource: validateComponent<RouteArgs>(TYPES.Route, (r, _args, report) => {
    const where = `Route "${r.route}"`;
    const at = ["routes", r.route, "rollback"];
    if (!r.rollback) {
      reportAt(report, at, `${where} has no rollback target, so active: rollback has nowhere to go. Set routes.${r.route}.rollback to the last known-good { model, key }.`);
      return;
    }
    if (r.primary && sameTarget(r.rollback, r.primary)) {
      reportAt(report, at, `${where} rolls back to its own primary (${r.rollback.model} with key ${r.rollback.key}), so a rollback changes nothing. Set routes.${r.route}.rollback to the last known-good model or key.`);
    }
    if (!(r.declaredKeys ?? []).includes(r.rollback.key)) {
      reportAt(report, [...at, "key"], `${where} rolls back to key "${r.rollback.key}", which is no longer declared under providerKeys. Keep the key declared or choose a rollback whose key is.`);
    }
  }),
};
