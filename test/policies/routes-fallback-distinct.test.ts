import { describe, expect, it } from "vitest";
import { routesFallbackDistinct } from "../../policies/rules/routes-fallback-distinct";
import { route, routeInputs } from "./fixtures";
import { messages, run } from "./harness";

describe("switchyard-routes-fallback-distinct", () => {
  it("passes a route whose fallback is another model", async () => {
    expect(await messages(routesFallbackDistinct, [route()])).toEqual([]);
  });

  it("reports a fallback identical to the primary (same model, same key), mandatory by default", async () => {
    const r = routeInputs();
    const result = await run(routesFallbackDistinct, [route({ fallbacks: [{ ...r.primary }] })]);
    expect(result.violations.map((v) => [v.enforcementLevel, v.message])).toEqual([
      ["mandatory", `Route "chat"'s fallbacks[0] is its primary again (${r.primary.model} with key ${r.primary.key}), so when that target fails the fallback fails with it. Point routes.chat.fallbacks[0] at another model or key, or remove it.`],
    ]);
  });

  it("reports a fallback repeating an earlier one, and the active rollback repeated", async () => {
    const r = routeInputs();
    const other = { model: "google-ai-studio/gemini-2.5-flash", key: "gemini-main" };
    expect(await messages(routesFallbackDistinct, [route({ fallbacks: [other, { ...other }] })])).toEqual([
      `Route "chat"'s fallbacks[1] repeats fallbacks[0] (${other.model} with key ${other.key}), so when that target fails the fallback fails with it. Point routes.chat.fallbacks[1] at another model or key, or remove it.`,
    ]);
    const rolledBack = route({ active: "rollback", fallbacks: [{ ...r.rollback! }] });
    expect(await messages(routesFallbackDistinct, [rolledBack])).toHaveLength(1);
  });

  it("the same model through another key is somewhere else to go", async () => {
    const r = routeInputs();
    expect(await messages(routesFallbackDistinct, [route({ fallbacks: [{ model: r.primary.model, key: "other-key" }] })])).toEqual([]);
  });
});
