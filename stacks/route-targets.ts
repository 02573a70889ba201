/**
 * A route's targets (primary, canary, fallbacks, rollback) and when two are the same. A canary or
 * a rollback that equals the primary changes nothing: the loader refuses it and
 * switchyard-routes-rollback-target reports it, both by this one comparison.
 */
import type { FieldPath } from "./checks";
import type { RouteSpec, RouteTarget } from "./schema";

/** Same model through the same provider key. */
export function sameTarget(a: Pick<RouteTarget, "model" | "key">, b: Pick<RouteTarget, "model" | "key">): boolean {
  return a.model === b.model && a.key === b.key;
}

/** Every target of every route with its field path (`routes.<r>.fallbacks[1]`), in stack-file order. */
export function routeTargets(routes: Readonly<Record<string, Pick<RouteSpec, "primary" | "canary" | "fallbacks" | "rollback">>>): Array<{ target: RouteTarget; at: FieldPath }> {
  const targets: Array<{ target: RouteTarget; at: FieldPath }> = [];
  for (const [name, route] of Object.entries(routes)) {
    targets.push({ target: route.primary, at: ["routes", name, "primary"] });
    if (route.canary) targets.push({ target: route.canary, at: ["routes", name, "canary"] });
    route.fallbacks.forEach((target, i) => targets.push({ target, at: ["routes", name, "fallbacks", i] }));
    if (route.rollback) targets.push({ target: route.rollback, at: ["routes", name, "rollback"] });
  }
  return targets;
}
