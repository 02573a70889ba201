import { describe, expect, it } from "vitest";
import { keysFamilies } from "../../policies/rules/keys-families";
import { workload } from "./fixtures";
import { messages, run } from "./harness";

describe("switchyard-keys-families", () => {
  it("passes keys that name their endpoint families", async () => {
    const w = workload({ keys: [{ name: "checkout-prod", expiresOn: "2027-02-15", families: ["chat", "embeddings"] }] });
    expect(await messages(keysFamilies, [w])).toEqual([]);
  });

  it("reports a key without families: it may call every family", async () => {
    const w = workload({ keys: [{ name: "a", expiresOn: "2027-02-15", families: ["chat"] }, { name: "checkout-prod", expiresOn: "2027-02-15" }] });
    expect(await messages(keysFamilies, [w])).toEqual([
      'Gateway key "checkout-prod" of workload "checkout-assistant" names no endpoint families, so it may call every one (chat, embeddings, images, audio, moderations, batch, realtime). Set workloads.checkout-assistant.keys[1].families to the families the workload calls.',
    ]);
  });

  it("is mandatory by default (its production floor) and advisory when the dev config says so", async () => {
    const w = workload({ keys: [{ name: "k", expiresOn: "2027-02-15" }] });
    expect((await run(keysFamilies, [w])).violations[0]?.enforcementLevel).toBe("mandatory");
    expect((await run(keysFamilies, [w], { level: "advisory" })).violations[0]?.enforcementLevel).toBe("advisory");
  });
});
