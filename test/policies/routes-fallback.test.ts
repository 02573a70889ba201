import { describe, expect, it } from "vitest";
import { routesFallback } from "../../policies/rules/routes-fallback";
import { route } from "./fixtures";
import { messages, run } from "./harness";

describe("switchyard-routes-fallback", () => {
  it("passes a route with a fallback", async () => {
    expect(await messages(routesFallback, [route()])).toEqual([]);
  });

  it("reports a route without fallbacks, as advisory by default", async () => {
    const result = await run(routesFallback, [route({ fallbacks: [] })]);
    expect(result.violations.map((v) => [v.enforcementLevel, v.message])).toEqual([
      ["advisory", 'Route "chat" has 0 fallback targets; at least 1 expected, so one provider outage takes the route down. Add targets under routes.chat.fallbacks.'],
    ]);
  });

  it("reports fewer fallbacks than the configured minimum", async () => {
    expect(await messages(routesFallback, [route()], { settings: { minFallbacks: 2 } })).toEqual([
      'Route "chat" has 1 fallback target; at least 2 expected, so one provider outage takes the route down. Add targets under routes.chat.fallbacks.',
    ]);
  });
});
