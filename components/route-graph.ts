/**
 * A route's dynamic-routing element graphs, built from its stack-file entry. Each route has a
 * primary graph and, when it declares a rollback target, a rollback graph; both are deployed and
 * the front door picks the active one:
 *   start -> [cohort? canary : main] -> main -> fallback-1 -> ... -> end
 * "main" is the primary target in the primary graph and the rollback target in the rollback
 * graph; canary and fallbacks are the same in both. The SDK cannot express percentage nodes, so
 * the front door tags a request's cohort (`metadata.cohort`) and a conditional node branches on
 * it. A failing model falls to the next target in the chain; a failing canary to the main target.
 */
import { createHash } from "node:crypto";
import { providerOf, type RouteSpec, type RouteTarget } from "../stacks/schema";

/** primary: the graph of `primary`; rollback: the same graph with the rollback target as main. */
export type GraphRole = "primary" | "rollback";

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

/** The roles a route deploys a graph for: primary, and rollback when it declares a rollback target. */
export function graphRoles(route: Pick<RouteSpec, "rollback">): GraphRole[] {
  return route.rollback ? ["primary", "rollback"] : ["primary"];
}

export function routeGraph(route: RouteSpec, role: GraphRole): RouteElement[] {
  const main = role === "rollback" ? route.rollback : route.primary;
  if (!main) throw new Error("route has no rollback target");
  const mainId = role;
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

/**
 * The graph's name at Cloudflare: `<route>-<role>-<first 8 hex of the elements' SHA-256>`. A
 * changed graph gets a new name, so the new route is created before the old one is deleted
 * (no name clash, no moment without the route), and an unchanged one keeps its name.
 */
export function routeGraphName(route: string, role: GraphRole, elements: readonly RouteElement[]): string {
  return `${route}-${role}-${createHash("sha256").update(JSON.stringify(elements)).digest("hex").slice(0, 8)}`;
}
