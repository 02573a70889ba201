/**
 * `switchyard smoke --compare-direct`: each front door call next to the same prompt sent straight
 * to the provider (smoke-direct.ts), and what differs. A difference an application would notice
 * (the response shape of the same API, the error behaviour: one path answers and the other does
 * not, or they fail with different statuses, which each SDK turns into a different error class)
 * fails the comparison; what is expected to differ (the model that answered, when a route's canary
 * or fallback took the call; token counts; latency) is noted.
 */
import type { RouteSpec, StackSpec } from "../stacks/schema";
import type { RouteTarget, SmokeResult } from "./smoke-answer";

export interface Comparison {
  /** What the front door was asked for: `dynamic/<route>` or `provider/model`. */
  model: string;
  prompt: string;
  /** The model called directly: the route's serving target, or the model itself. */
  directModel: string;
  frontDoor: SmokeResult;
  direct: SmokeResult;
  verdict: "same" | "differs" | "not compared";
  /** What an application would notice. */
  differences: string[];
  /** What differs as expected. */
  notes: string[];
}

/** The provider model the direct path calls for a front door model: a route's target on the graph smoke reached. */
export function directModelFor(spec: StackSpec, model: string, target: RouteTarget | undefined): { model: string; route?: RouteSpec } | undefined {
  if (!model.startsWith("dynamic/")) return { model };
  const name = model.slice("dynamic/".length);
  const route = Object.hasOwn(spec.routes, name) ? spec.routes[name] : undefined;
  if (!route) return undefined;
  const graph = target ?? route.active;
  return { model: (graph === "rollback" && route.rollback ? route.rollback : route.primary).model, route };
}

const shapeKind = (shape: string) => shape.replace(/ x\d+$/, "");
const outcome = (r: SmokeResult) => (r.outcome === "ok" ? "an answer" : r.httpStatus !== undefined ? `HTTP ${r.httpStatus}` : "no answer");

export function compare(frontDoor: SmokeResult, direct: SmokeResult, directModel: string, route?: RouteSpec): Comparison {
  const base = { model: frontDoor.model, prompt: frontDoor.prompt, directModel, frontDoor, direct };
  if (frontDoor.outcome === "skip") return { ...base, verdict: "not compared", differences: [], notes: [`front door: ${frontDoor.error ?? "skipped"}`] };
  if (direct.outcome === "skip") return { ...base, verdict: "not compared", differences: [], notes: [direct.error ?? "skipped"] };
  const differences: string[] = [];
  const notes: string[] = [];
  if (frontDoor.outcome === "fail" || direct.outcome === "fail") {
    const same = frontDoor.outcome === direct.outcome && frontDoor.httpStatus === direct.httpStatus && frontDoor.httpStatus !== undefined;
    if (same) notes.push(`both answered HTTP ${frontDoor.httpStatus}`);
    else differences.push(`error behaviour: ${outcome(frontDoor)} through the front door, ${outcome(direct)} direct`);
  } else {
    if (frontDoor.api === direct.api) {
      if (shapeKind(frontDoor.shape) !== shapeKind(direct.shape)) differences.push(`response shape: ${frontDoor.shape} through the front door, ${direct.shape} direct`);
    } else notes.push(`different APIs (${frontDoor.api} through the front door, ${direct.api} direct): shapes not compared`);
    if (frontDoor.answeredBy && direct.answeredBy && frontDoor.answeredBy !== direct.answeredBy) {
      notes.push(`answered by ${frontDoor.answeredBy} through the front door, ${direct.answeredBy} direct${route?.canary || route?.fallbacks.length ? " (the route's canary or a fallback may answer)" : ""}`);
    }
    if (frontDoor.inputTokens !== direct.inputTokens) notes.push(`input tokens ${frontDoor.inputTokens ?? "-"} through the front door, ${direct.inputTokens ?? "-"} direct`);
    if (frontDoor.outputTokens !== direct.outputTokens) notes.push(`output tokens ${frontDoor.outputTokens ?? "-"} through the front door, ${direct.outputTokens ?? "-"} direct`);
  }
  const added = Math.round(frontDoor.latencyMs - direct.latencyMs);
  notes.push(`latency ${Math.round(frontDoor.latencyMs)} ms through the front door, ${Math.round(direct.latencyMs)} ms direct (${added >= 0 ? "+" : ""}${added} ms)`);
  return { ...base, verdict: differences.length ? "differs" : "same", differences, notes };
}
