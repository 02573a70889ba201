/**
 * A renamed route (`renamedFrom`) in the bundled Worker in workerd, through the official OpenAI
 * SDK, for every order in which a deploy's two writes can reach a location: the Worker version
 * (its route table: AiGatewayStack serves the route under its former label too) and the key table
 * entry (Workers KV: the Workload scopes its keys to the route and its former labels). A client
 * calling `dynamic/<former label>` is never refused; `dynamic/<new label>` works once both are
 * written. Dropping the former label from either side refuses it: the test fails if the program
 * stops writing it.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entry, startFrontDoor, testGraph, type FrontDoorUnderTest } from "../../stand-ins/front-door-workerd";
import { startStandIn, type StandIn } from "../../stand-ins/ai-gateway";

const KEY = "sy_test_renamed_route";
const graph = testGraph("summarize", "primary");
const route = { graphs: { primary: graph }, active: "primary" as const, canaryPercent: 0 };
const tables = { before: { summarize: route }, after: { summaries: route, summarize: route } };
const keys = { before: ["summarize"], after: ["summaries", "summarize"], withoutFormer: ["summaries"] };
let upstream: StandIn;
const doors: Record<string, FrontDoorUnderTest> = {};

beforeAll(async () => {
  upstream = await startStandIn();
  upstream.graphs = new Set([graph]);
  for (const t of ["before", "after"] as const) {
    for (const k of ["before", "after", "withoutFormer"] as const) {
      doors[`${t}/${k}`] = await startFrontDoor({ upstream: upstream.url, routes: tables[t], keys: { [KEY]: entry({ routes: keys[k] }) } });
    }
  }
});
afterAll(async () => {
  for (const door of Object.values(doors)) await door.close();
  await upstream?.close();
});

const ask = (door: string, model: string) =>
  new OpenAI({ apiKey: KEY, baseURL: `${doors[door].url}/v1`, maxRetries: 0 }).chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] });

describe("a renamed route keeps serving its former label during and after the deploy", () => {
  it.each([
    ["old Worker, old key entry", "before/before"],
    ["old Worker, new key entry", "before/after"],
    ["new Worker, old key entry", "after/before"],
    ["new Worker, new key entry", "after/after"],
  ])("%s: dynamic/<former label> reaches the route's graph", async (_, door) => {
    await ask(door, "dynamic/summarize");
    expect(JSON.parse(upstream.received.at(-1)!.body).model).toBe(`dynamic/${graph}`);
  });

  it("once both are written, dynamic/<new label> reaches the same graph", async () => {
    await ask("after/after", "dynamic/summaries");
    expect(JSON.parse(upstream.received.at(-1)!.body).model).toBe(`dynamic/${graph}`);
  });

  it("a key entry without the former label refuses it", async () => {
    await expect(ask("after/withoutFormer", "dynamic/summarize")).rejects.toMatchObject({ status: 403 });
  });
});
