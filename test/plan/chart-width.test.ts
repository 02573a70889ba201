/**
 * Route charts stay readable at GitHub's comment width: each chart's drawn width, bounded from
 * the Mermaid text itself (its direction, label lines and edges, read back from the output) under
 * Mermaid's default sizes, is at most COMMENT_WIDTH_PX, for every example route and for the
 * widest route the schema allows. A bound by construction; no browser.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMENT_WIDTH_PX, chartShape, chartWidthBound, routeMermaid, wrapLabel } from "../../plan/mermaid";
import type { RouteEntry } from "../../plan/report-model";
import { reportFromYaml } from "./report-fixture";
import { widestRoute } from "./widest-route";

const examples = ["dev", "staging", "prod"].flatMap((env) => reportFromYaml(readFileSync(join(__dirname, "..", "..", "stacks", `${env}.yaml`), "utf8")).routes.map((r) => ({ env, route: r })));
const at = { file: "stacks/x.yaml", line: 1, col: 1, path: "routes.x" };

describe("route charts fit a pull-request comment", () => {
  it.each(examples.map(({ env, route }) => [`${env} ${route.name}`, route] as const))("%s", (_, route) => {
    expect(chartWidthBound(chartShape(routeMermaid(route)))).toBeLessThanOrEqual(COMMENT_WIDTH_PX);
  });

  it("the widest route the schema allows, served or rolled back", () => {
    for (const route of [widestRoute(), { ...widestRoute(), active: "rollback" as const }]) {
      const shape = chartShape(routeMermaid(route));
      expect(shape.nodes.size).toBe(12);
      expect(chartWidthBound(shape)).toBeLessThanOrEqual(COMMENT_WIDTH_PX);
    }
  });

  // Was the issue: prod's chat route drawn left to right with one-line labels measured 1,676 px.
  it("the layout depends on the graph: a short route left to right, prod's chat top to bottom", () => {
    const short: RouteEntry = { name: "embed", primary: { model: "openai/text-embedding-3-small", key: "openai-main" }, fallbacks: [], active: "primary", timeoutMs: 1, retries: 0, usedBy: [], settings: {}, location: at };
    expect(routeMermaid(short).split("\n")[0]).toBe("flowchart LR");
    const chat = examples.find(({ env, route }) => env === "prod" && route.name === "chat")?.route as RouteEntry;
    expect(routeMermaid(chat).split("\n")[0]).toBe("flowchart TB");
    const oneLine = chartShape(routeMermaid(chat).replace("flowchart TB", "flowchart LR").replace(/<br\/>/g, " "));
    expect(chartWidthBound({ ...oneLine, nodes: new Map([...oneLine.nodes].map(([id, lines]) => [id, [lines.join(" ")]])) })).toBeGreaterThan(1600);
  });

  it("labels are wrapped after / or at spaces first, and never exceed their width", () => {
    expect(wrapLabel("google-ai-studio/gemini-2.5-flash", 20)).toEqual(["google-ai-studio/", "gemini-2.5-flash"]);
    expect(wrapLabel("anthropic/claude-sonnet-4-5", 14)).toEqual(["anthropic/", "claude-sonnet-", "4-5"]);
    expect(wrapLabel("x".repeat(30), 12)).toEqual(["x".repeat(12), "x".repeat(12), "x".repeat(6)]);
    for (const width of [12, 20, 40]) for (const line of wrapLabel(widestRoute().primary.model, width)) expect(line.length).toBeLessThanOrEqual(width);
  });
});
