import { describe, expect, it } from "vitest";
import { routesRollbackTarget } from "../../policies/rules/routes-rollback-target";
import { route } from "./fixtures";
import { messages } from "./harness";

describe("switchyard-routes-rollback-target", () => {
  it("passes a rollback to another model with a declared key", async () => {
    expect(await messages(routesRollbackTarget, [route()])).toEqual([]);
  });

  it("reports a route without rollback", async () => {
    expect(await messages(routesRollbackTarget, [route({ rollback: undefined })])).toEqual([
      'Route "chat" has no rollback target, so active: rollback has nowhere to go. Set routes.chat.rollback to the last known-good { model, key }.',
    ]);
  });

  it("reports a rollback equal to the primary, and a rollback whose key is no longer declared", async () => {
    expect(await messages(routesRollbackTarget, [route({ rollback: { model: "openai/gpt-4.1", key: "openai-main" } }), route({ rollback: { model: "openai/gpt-4o", key: "openai-old" } })])).toEqual([
      'Route "chat" rolls back to its own primary (openai/gpt-4.1 with key openai-main), so a rollback changes nothing. Set routes.chat.rollback to the last known-good model or key.',
      'Route "chat" rolls back to key "openai-old", which is no longer declared under providerKeys. Keep the key declared or choose a rollback whose key is.',
    ]);
  });
});
