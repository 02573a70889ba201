import { describe, expect, it } from "vitest";
import { CANARY_CONDITION, graphRoles, routeGraph, routeGraphName, type RouteElement } from "../../components/route-graph";
import type { RouteSpec } from "../../stacks/schema";

const route = (over: Partial<RouteSpec> = {}): RouteSpec => ({
  primary: { model: "openai/gpt-4.1", key: "openai-main" },
  fallbacks: [],
  active: "primary",
  timeoutMs: 30000,
  retries: 1,
  ...over,
});

/** The path a request takes when every model fails (the cohort branch taken is "not canary"). */
function failurePath(elements: RouteElement[], from: string): string[] {
  const byId = new Map(elements.map((e) => [e.id, e]));
  const path: string[] = [];
  for (let id: string | undefined = from; id; ) {
    path.push(id);
    const e: RouteElement = byId.get(id)!;
    id = e.type === "model" ? e.outputs.fallback?.elementId : e.type === "end" ? undefined : (e.outputs.next ?? e.outputs.false)?.elementId;
  }
  return path;
}

describe("routeGraph", () => {
  it("without canary or fallbacks: start -> primary -> end, with the route's timeout and retries", () => {
    expect(routeGraph(route(), "primary")).toEqual([
      { id: "start", type: "start", outputs: { next: { elementId: "primary" } } },
      {
        id: "primary",
        type: "model",
        outputs: { success: { elementId: "end" }, fallback: { elementId: "end" } },
        properties: { aiGatewayDynamicRoutingProvider: "openai", model: "gpt-4.1", timeout: 30000, retries: 1 },
      },
      { id: "end", type: "end", outputs: {} },
    ]);
  });

  it("a canary is a conditional node on metadata.cohort; a failing canary falls to the primary", () => {
    const g = routeGraph(route({ canary: { model: "anthropic/claude-sonnet-4-5", key: "anthropic-main", percent: 10 } }), "primary");
    const cohort = g.find((e) => e.id === "cohort")!;
    expect(cohort).toEqual({ id: "cohort", type: "conditional", outputs: { true: { elementId: "canary" }, false: { elementId: "primary" } }, properties: { conditions: CANARY_CONDITION } });
    expect(JSON.parse(CANARY_CONDITION)).toEqual({ "metadata.cohort": { $eq: "canary" } });
    expect(g[0].outputs.next).toEqual({ elementId: "cohort" });
    const canary = g.find((e) => e.id === "canary")!;
    expect(canary.properties).toMatchObject({ aiGatewayDynamicRoutingProvider: "anthropic", model: "claude-sonnet-4-5" });
    expect(canary.outputs.fallback).toEqual({ elementId: "primary" });
  });

  it("fallbacks are tried in order after the primary, then end", () => {
    const g = routeGraph(
      route({
        fallbacks: [
          { model: "google-ai-studio/gemini-2.5-flash", key: "gemini-main" },
          { model: "mistral/mistral-large-latest", key: "mistral-main" },
        ],
      }),
      "primary",
    );
    expect(failurePath(g, "start")).toEqual(["start", "primary", "fallback-1", "fallback-2", "end"]);
    expect(g.find((e) => e.id === "fallback-2")!.properties).toMatchObject({ aiGatewayDynamicRoutingProvider: "mistral", model: "mistral-large-latest" });
    for (const e of g.filter((x) => x.type === "model")) expect(e.outputs.success).toEqual({ elementId: "end" });
  });

  it("the rollback graph serves the rollback target in the primary's place and keeps canary and fallbacks; active changes neither graph", () => {
    const spec = route({
      rollback: { model: "openai/gpt-4o", key: "openai-main" },
      canary: { model: "anthropic/claude-sonnet-4-5", key: "anthropic-main", percent: 5 },
      fallbacks: [{ model: "google-ai-studio/gemini-2.5-flash", key: "gemini-main" }],
    });
    const g = routeGraph(spec, "rollback");
    expect(g.map((e) => e.id)).toEqual(["start", "cohort", "canary", "rollback", "fallback-1", "end"]);
    expect(g.find((e) => e.id === "rollback")!.properties!.model).toBe("gpt-4o");
    expect(g.some((e) => e.properties?.model === "gpt-4.1")).toBe(false);
    expect(failurePath(g, "start")).toEqual(["start", "cohort", "rollback", "fallback-1", "end"]);
    for (const role of ["primary", "rollback"] as const) expect(routeGraph({ ...spec, active: "rollback" }, role)).toEqual(routeGraph(spec, role));
  });

  it("a route deploys a rollback graph only when it declares a rollback target", () => {
    expect(graphRoles(route())).toEqual(["primary"]);
    expect(graphRoles(route({ rollback: { model: "openai/gpt-4o", key: "openai-main" } }))).toEqual(["primary", "rollback"]);
    expect(() => routeGraph(route(), "rollback")).toThrow("route has no rollback target");
  });

  it("graph names are content-addressed: a graph edit renames, nothing else does", () => {
    const spec = route({ rollback: { model: "openai/gpt-4o", key: "openai-main" } });
    const name = (r: RouteSpec, role: "primary" | "rollback") => routeGraphName("chat", role, routeGraph(r, role));
    expect(name(spec, "primary")).toMatch(/^chat-primary-[0-9a-f]{8}$/);
    expect(name(spec, "rollback")).toMatch(/^chat-rollback-[0-9a-f]{8}$/);
    expect(name({ ...spec, active: "rollback" }, "primary")).toBe(name(spec, "primary"));
    expect(name({ ...spec, primary: { model: "openai/gpt-4.1", key: "openai-other" } }, "primary")).toBe(name(spec, "primary")); // keys are not in the graph
    expect(name({ ...spec, timeoutMs: 20_000 }, "primary")).not.toBe(name(spec, "primary"));
    expect(name({ ...spec, rollback: { model: "openai/gpt-4o-mini", key: "openai-main" } }, "rollback")).not.toBe(name(spec, "rollback"));
    expect(name({ ...spec, rollback: { model: "openai/gpt-4o-mini", key: "openai-main" } }, "primary")).toBe(name(spec, "primary"));
  });

  it("every edge points at an element of the graph, and ids are unique", () => {
    const spec = route({ canary: { model: "grok/grok-4", key: "x", percent: 1 }, fallbacks: [{ model: "groq/llama", key: "g" }], rollback: { model: "openai/gpt-4o", key: "o" } });
    for (const role of graphRoles(spec)) {
      const g = routeGraph(spec, role);
      const ids = new Set(g.map((e) => e.id));
      expect(ids.size).toBe(g.length);
      for (const e of g) for (const out of Object.values(e.outputs)) expect(ids.has(out!.elementId)).toBe(true);
    }
  });
});
