import { describe, expect, it } from "vitest";
import { secretsRotationDue } from "../../policies/rules/secrets-rotation-due";
import { providerKeys } from "./fixtures";
import { messages } from "./harness";

const key = (rotation: { everyDays: number; lastRotated: string }) => ({ provider: "openai" as const, source: { pulumiSecret: "k" }, owner: "p@acme.example", rotation });

describe("switchyard-secrets-rotation-due", () => {
  it("passes keys rotated within their period, including one due today", async () => {
    expect(await messages(secretsRotationDue, [providerKeys({ today: key({ everyDays: 30, lastRotated: "2026-10-28" }) })])).toEqual([]);
  });

  it("reports a key past its rotation date", async () => {
    expect(await messages(secretsRotationDue, [providerKeys({ stale: key({ everyDays: 90, lastRotated: "2026-05-01" }) })])).toEqual([
      'Provider key "stale" was due for rotation on 2026-07-30 (every 90 days since 2026-05-01), 120 days ago. Rotate it and set providerKeys.stale.rotation.lastRotated.',
    ]);
  });

  it("reports a rotation date in the future and a missing rotation record", async () => {
    expect(await messages(secretsRotationDue, [providerKeys({ future: key({ everyDays: 90, lastRotated: "2026-12-01" }), none: { provider: "openai", source: { pulumiSecret: "k" }, owner: "p@acme.example" } as never })])).toEqual([
      'Provider key "future" records lastRotated 2026-12-01, after today (2026-11-27). Set providerKeys.future.rotation.lastRotated to the date it was actually rotated.',
      'Provider key "none" has no rotation record. Set providerKeys.none.rotation to { everyDays, lastRotated }.',
    ]);
  });
});
