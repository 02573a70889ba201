/**
 * What reaches AI Gateway (a local stand-in that records every request): no client credential,
 * no client-set cf-aig-* header, the front door's own token and metadata, the rest intact.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entry, startFrontDoor, TEST_GATEWAY_TOKEN, type FrontDoorUnderTest } from "./front-door-under-test";
import { startStandIn, type StandIn } from "./stand-in-gateway";

const KEY = "sy_test_headers_key";
let upstream: StandIn;
let door: FrontDoorUnderTest;

beforeAll(async () => {
  upstream = await startStandIn();
  door = await startFrontDoor({
    upstream: upstream.url,
    environment: "prod",
    routes: { chat: { canaryPercent: 100 }, summarize: { canaryPercent: 0 } },
    keys: { [KEY]: entry({ workload: "ledger-bot", keyName: "ledger-prod", routes: ["dynamic/chat", "summarize"], models: ["google-ai-studio/gemini-2.5-flash", "openai/gpt-4.1-mini"] }) },
  });
});
afterAll(async () => {
  await door?.close();
  await upstream?.close();
});

const forged = {
  "x-api-key": "sk-ant-client-provider-key",
  "x-goog-api-key": "AIza-client-provider-key",
  "cf-aig-authorization": "Bearer forged-token",
  "cf-aig-metadata": JSON.stringify({ workload: "someone-else" }),
  "cf-aig-skip-cache": "true",
  "CF-AIG-Custom-Cost": "{}",
  "x-switchyard-sticky": "user-42",
  "x-request-id": "req-123",
  "anthropic-beta": "tools-2024",
};

describe("headers and metadata upstream (Worker in workerd -> local stand-in for AI Gateway recording requests)", () => {
  it("strips Authorization, x-api-key, x-goog-api-key, ?key= and every cf-aig-* header; sends token and metadata", async () => {
    const res = await fetch(`${door.url}/v1/chat/completions?key=${KEY}&trace=1`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", ...forged },
      body: JSON.stringify({ model: "dynamic/chat", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.status).toBe(200);
    const got = upstream.received.at(-1)!;
    const names = Object.keys(got.headers);
    expect(names).not.toContain("authorization");
    expect(names).not.toContain("x-api-key");
    expect(names).not.toContain("x-goog-api-key");
    expect(names).not.toContain("x-switchyard-sticky");
    expect(names.filter((n) => n.startsWith("cf-aig-")).sort()).toEqual(["cf-aig-authorization", "cf-aig-metadata"]);
    expect(got.headers["cf-aig-authorization"]).toBe(`Bearer ${TEST_GATEWAY_TOKEN}`);
    expect(JSON.parse(String(got.headers["cf-aig-metadata"]))).toEqual({ workload: "ledger-bot", keyName: "ledger-prod", environment: "prod", cohort: "canary" });
    expect(got.headers["x-request-id"]).toBe("req-123");
    expect(got.headers["anthropic-beta"]).toBe("tools-2024");
    expect([...got.query.keys()]).toEqual(["trace"]);
    const everything = JSON.stringify(got);
    for (const secret of [KEY, "sk-ant-client-provider-key", "AIza-client-provider-key", "forged-token"]) expect(everything).not.toContain(secret);
  });

  it("metadata has at most five entries; cohort is primary at 0 % and none for plain models", async () => {
    const post = (model: string) =>
      fetch(`${door.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body: JSON.stringify({ model, messages: [] }) });
    await post("dynamic/summarize");
    const route = JSON.parse(String(upstream.received.at(-1)!.headers["cf-aig-metadata"])) as Record<string, unknown>;
    expect(route.cohort).toBe("primary");
    await post("gpt-4.1-mini");
    const plain = JSON.parse(String(upstream.received.at(-1)!.headers["cf-aig-metadata"])) as Record<string, unknown>;
    expect(plain.cohort).toBe("none");
    expect(Object.keys(plain).length).toBeLessThanOrEqual(5);
  });

  it("Gemini's ?key= is taken as the key and removed from the forwarded query (alt=sse kept)", async () => {
    const res = await fetch(`${door.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=${KEY}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hi" }] }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    await res.text();
    const got = upstream.received.at(-1)!;
    expect(got.path.endsWith("/google-ai-studio/v1beta/models/gemini-2.5-flash:streamGenerateContent")).toBe(true);
    expect([...got.query.entries()]).toEqual([["alt", "sse"]]);
    expect(JSON.stringify(got)).not.toContain(KEY);
  });
});
