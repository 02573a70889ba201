import { describe, expect, it } from "vitest";
import { routesCanaryBound } from "../../policies/rules/routes-canary-bound";
import { route, routeInputs } from "./fixtures";
import { messages } from "./harness";

const canary = (percent: number) => route({ canary: { ...routeInputs().canary!, percent } });

describe("switchyard-routes-canary-bound", () => {
  it("passes a canary at the bound and a route without canary", async () => {
    expect(await messages(routesCanaryBound, [canary(50), route({ canary: undefined })])).toEqual([]);
  });

  it("reports a canary above 50%", async () => {
    expect(await messages(routesCanaryBound, [canary(80)])).toEqual([
      'Route "chat" sends 80% of requests to canary anthropic/claude-sonnet-4-5; at most 50% is allowed. Lower routes.chat.canary.percent, or promote the canary to primary and keep the old primary as rollback.',
    ]);
  });

  it("reports a canary above a tighter configured bound", async () => {
    expect(await messages(routesCanaryBound, [canary(20)], { settings: { maxCanaryPercent: 10 } })).toEqual([
      'Route "chat" sends 20% of requests to canary anthropic/claude-sonnet-4-5; at most 10% is allowed. Lower routes.chat.canary.percent, or promote the canary to primary and keep the old primary as rollback.',
    ]);
  });
});
