/**
 * A renamed route (`renamedFrom`) in the bundled Worker in workerd: the route table carries the
 * former label with `renamedTo` (what AiGatewayStack writes), keys are scoped to the current label
 * only (what the Workload writes), and a client still calling `dynamic/<former label>` is served by
 * the route's graph, through the official OpenAI SDK. Without the rename entry, the same call is
 * refused: the test fails if the front door stops honouring it.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entry, startFrontDoor, testGraph, type FrontDoorUnderTest } from "../../stand-ins/front-door-workerd";
import { startStandIn, type StandIn } from "../../stand-ins/ai-gateway";

const KEY = "sy_test_renamed_route";
const graphs = { primary: testGraph("assistant", "primary") };
let upstream: StandIn;
let renamed: FrontDoorUnderTest;
let plain: FrontDoorUnderTest;

beforeAll(async () => {
  upstream = await startStandIn();
  upstream.graphs = new Set([graphs.primary]);
  const current = { graphs, active: "primary" as const, canaryPercent: 0 };
  const keys = { [KEY]: entry({ routes: ["assistant"] }) };
  renamed = await startFrontDoor({ upstream: upstream.url, routes: { assistant: current, chat: { ...current, renamedTo: "assistant" } }, keys });
  plain = await startFrontDoor({ upstream: upstream.url, routes: { assistant: current }, keys });
});
afterAll(async () => {
  await renamed?.close();
  await plain?.close();
  await upstream?.close();
});

const ask = (door: FrontDoorUnderTest, model: string) =>
  new OpenAI({ apiKey: KEY, baseURL: `${door.url}/v1`, maxRetries: 0 }).chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] });

describe("a renamed route keeps serving its former label", () => {
  it("dynamic/<former label> reaches the current route's graph", async () => {
    await ask(renamed, "dynamic/chat");
    expect(JSON.parse(upstream.received.at(-1)!.body).model).toBe(`dynamic/${graphs.primary}`);
    await ask(renamed, "dynamic/assistant");
    expect(JSON.parse(upstream.received.at(-1)!.body).model).toBe(`dynamic/${graphs.primary}`);
  });

  it("without the rename the former label is outside the key's scope", async () => {
    await expect(ask(plain, "dynamic/chat")).rejects.toMatchObject({ status: 403 });
  });
});
