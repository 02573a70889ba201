/**
 * A route's dynamic-routing element graph, built from its stack-file entry:
 *   start -> [cohort? canary : main] -> main -> fallback-1 -> ... -> end
 * "main" is the primary target, or the rollback target when `active: rollback`. The SDK cannot
 * express percentage nodes, so the front door tags a request's cohort (`metadata.cohort`) and a
 * conditional node branches on it. A failing model falls to the next target in the chain; a
 * failing canary falls to the main target.
 */
import { providerOf, type RouteSpec, type RouteTarget } from "../stacks/schema";

export interface RouteElement {
  id: string;
  type: "start" | "conditional" | "model" | "end";
  outputs: {
    next?: { elementId: string };
    true?: { elementId: string };
    false?: { elementId: string };
    success?: { elementId: string };
    fallback?: { elementId: string };
  };
  properties?: {
    conditions?: string;
    aiGatewayDynamicRoutingProvider?: string;
    model?: string;
    timeout?: number;
    retries?: number;
  };
}

/** The metadata condition that selects the canary cohort (Mongo-style JSON, as Cloudflare expects). */
export const CANARY_CONDITION = JSON.stringify({ "metadata.cohort": { $eq: "canary" } });

/** The model a route currently serves from (primary, or rollback when switched). */
export function activeTarget(route: RouteSpec): RouteTarget {
  if (route.active === "rollback") {
    if (!route.rollback) throw new Error("route has active: rollback but no rollback target");
    return route.rollback;
  }
  return route.primary;
}

export function routeGraph(route: RouteSpec): RouteElement[] {
  const main = activeTarget(route);
  const mainId = route.active === "rollback" ? "rollback" : "primary";
  const chain = [{ id: mainId, target: main }, ...route.fallbacks.map((target, i) => ({ id: `fallback-${i + 1}`, target }))];
  const model = (id: string, target: RouteTarget, fallbackTo: string): RouteElement => ({
    id,
    type: "model",
    outputs: { success: { elementId: "end" }, fallback: { elementId: fallbackTo } },
    properties: {
      aiGatewayDynamicRoutingProvider: providerOf(target.model),
      model: target.model.slice(target.model.indexOf("/") + 1),
      timeout: route.timeoutMs,
      retries: route.retries,
    },
  });

  const elements: RouteElement[] = [];
  if (route.canary) {
    elements.push({ id: "start", type: "start", outputs: { next: { elementId: "cohort" } } });
    elements.push({ id: "cohort", type: "conditional", outputs: { true: { elementId: "canary" }, false: { elementId: mainId } }, properties: { conditions: CANARY_CONDITION } });
    elements.push(model("canary", route.canary, mainId));
  } else {
    elements.push({ id: "start", type: "start", outputs: { next: { elementId: mainId } } });
  }
  chain.forEach((step, i) => elements.push(model(step.id, step.target, chain[i + 1]?.id ?? "end")));
  elements.push({ id: "end", type: "end", outputs: {} });
  return elements;
}
