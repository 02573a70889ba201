// @vitest-environment jsdom
/**
 * Route graphs go through Mermaid's own flowchart parser: mermaid.parse() from the `mermaid`
 * package (11.x, Node 20), which needs a DOM for its sanitiser, hence the jsdom environment.
 * (@mermaid-js/parser alone has no flowchart grammar: flowcharts are still parsed by mermaid's
 * jison parser inside the main package.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mermaidLabel, routeMermaid } from "../../plan/mermaid";
import type { RouteEntry } from "../../plan/report-model";
import { reportFromYaml } from "./report-fixture";
import { widestRoute } from "./widest-route";

type Mermaid = { initialize(c: object): void; parse(text: string): Promise<{ diagramType: string } | false> };
let mermaid: Mermaid;

beforeAll(async () => {
  mermaid = ((await import("mermaid")) as unknown as { default: Mermaid }).default;
  mermaid.initialize({ startOnLoad: false });
});

const stacks = ["dev", "staging", "prod"].map((env) => reportFromYaml(readFileSync(join(__dirname, "..", "..", "stacks", `${env}.yaml`), "utf8")));
const at = { file: "stacks/x.yaml", line: 1, col: 1, path: "routes.x" };

describe("route graphs accepted by Mermaid's flowchart parser", () => {
  it("the parser rejects a broken flowchart (so acceptance means something)", async () => {
    await expect(mermaid.parse('flowchart LR\n  a["unclosed -->|x| b\n')).rejects.toThrow();
  });

  for (const report of stacks) {
    for (const route of report.routes) {
      it(`${report.stack.environment} route ${route.name}`, async () => {
        const parsed = await mermaid.parse(routeMermaid(route));
        expect(parsed && parsed.diagramType).toBe("flowchart-v2");
      });
    }
  }

  it("a rolled-back route: the rollback target is active, primary on standby", async () => {
    const route: RouteEntry = {
      name: "chat",
      primary: { model: "openai/gpt-4.1", key: "openai-main" },
      canary: { model: "anthropic/claude-sonnet-4-5", key: "anthropic-main", percent: 25 },
      fallbacks: [{ model: "mistral/mistral-large-latest", key: "mistral-main" }],
      rollback: { model: "openai/gpt-4o", key: "openai-main" },
      active: "rollback",
      timeoutMs: 30000,
      retries: 1,
      usedBy: [],
      settings: {},
      location: at,
    };
    const text = routeMermaid(route);
    expect(text).toMatch(/main\["openai\/gpt-4o<br\/>key openai-main<br\/>rollback, ACTIVE"\]:::active/);
    expect(text).toMatch(/standby\["openai\/gpt-4\.1<br\/>.*primary, standby"\]:::standby/);
    expect(text).toContain('start -->|"25%"| canary');
    expect(text).toContain('start -->|"75%"| main');
    expect(await mermaid.parse(text)).toBeTruthy();
  });

  it("the widest routes the schema allows, laid out top to bottom with wrapped labels, still parse", async () => {
    for (const route of [widestRoute(), { ...widestRoute(), active: "rollback" as const }]) expect(await mermaid.parse(routeMermaid(route))).toBeTruthy();
  });

  it("labels with quotes and markup characters stay parseable", async () => {
    expect(mermaidLabel('a "b" <c> & #d')).toBe("a #34;b#34; #60;c#62; #38; #35;d");
    const route: RouteEntry = { name: "odd", primary: { model: 'openai/we"ird<model>&#', key: "k" }, fallbacks: [], active: "primary", timeoutMs: 1, retries: 0, usedBy: [], settings: {}, location: at };
    expect(await mermaid.parse(routeMermaid(route))).toBeTruthy();
  });
});
