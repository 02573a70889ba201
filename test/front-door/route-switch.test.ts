/**
 * Rollback as a switch: both graphs of a route exist at the gateway (a local stand-in that
 * answers only for the graphs it holds, as AI Gateway does for route names), the front door maps
 * `dynamic/<route>` to the active one, and a new Worker version with `active: rollback` moves
 * traffic while requests keep flowing, none of them to a route that does not exist.
 *
 * The version change is two Workers in workerd (the version before and the version after the
 * flip) behind a small switch that sends each new request to the deployed version and lets
 * requests in flight finish on theirs: Cloudflare's default all-at-once deployment
 * (workers/configuration/versions-and-deployments/). Miniflare's own setOptions restarts workerd
 * and resets connections, which Cloudflare does not do.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entry, startFrontDoor, testGraph, type FrontDoorUnderTest } from "../../stand-ins/front-door-workerd";
import { startStandIn, type StandIn } from "../../stand-ins/ai-gateway";

const KEY = "sy_test_route_switch";
const graphs = { primary: testGraph("chat", "primary"), rollback: testGraph("chat", "rollback") };
let upstream: StandIn;
let door: FrontDoorUnderTest;
let rolledBack: FrontDoorUnderTest;
let deployed: string;
let deployment: Server;
let deploymentUrl: string;

beforeAll(async () => {
  upstream = await startStandIn();
  upstream.graphs = new Set([graphs.primary, graphs.rollback, testGraph("solo", "primary")]);
  const version = (active: "primary" | "rollback") =>
    startFrontDoor({ upstream: upstream.url, routes: { chat: { graphs, active, canaryPercent: 0 }, solo: {} }, keys: { [KEY]: entry({ routes: ["chat", "solo"] }) } });
  door = await version("primary");
  rolledBack = await version("rollback");
  deployed = door.url;
  deployment = createServer((req, res) => {
    const version = deployed; // chosen when the request arrives; it finishes there
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers = { authorization: String(req.headers.authorization), "content-type": "application/json" };
      const answer = await fetch(`${version}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => deployment.listen(0, "127.0.0.1", resolve));
  deploymentUrl = `http://127.0.0.1:${(deployment.address() as AddressInfo).port}`;
});
afterAll(async () => {
  deployment?.closeAllConnections();
  deployment?.close();
  await door?.close();
  await rolledBack?.close();
  await upstream?.close();
});

const openai = () => new OpenAI({ apiKey: KEY, baseURL: `${door.url}/v1`, maxRetries: 0 });
const servedBy = () => JSON.parse(upstream.received.at(-1)!.body).model as string;

describe("route graphs (Worker in workerd; a local stand-in for AI Gateway holding both graphs)", () => {
  it("dynamic/<route> is served by the active graph; the standby answers when asked for by name", async () => {
    await openai().chat.completions.create({ model: "dynamic/chat", messages: [{ role: "user", content: "hi" }] });
    expect(servedBy()).toBe(`dynamic/${graphs.primary}`);
    await openai().chat.completions.create({ model: "dynamic/chat", messages: [{ role: "user", content: "hi" }] }, { headers: { "x-switchyard-target": "rollback" } });
    expect(servedBy()).toBe(`dynamic/${graphs.rollback}`);
    expect(upstream.received.at(-1)!.headers["x-switchyard-target"]).toBeUndefined();
  });

  it("asking for a graph the route lacks, or for something else, is a 400", async () => {
    const ask = (model: string, target: string) =>
      fetch(`${door.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", "x-switchyard-target": target }, body: JSON.stringify({ model, messages: [] }) });
    const missing = await ask("dynamic/solo", "rollback");
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { message: 'route "solo" has no rollback target' } });
    expect((await ask("dynamic/chat", "canary")).status).toBe(400);
  });

  it("flipping active moves traffic to the rollback graph with requests in flight, and none fails", { timeout: 60_000 }, async () => {
    const before = upstream.received.length;
    let flipped = false;
    const statuses: number[] = [];
    const client = async () => {
      while (!flipped || statuses.length < 200) {
        const res = await fetch(`${deploymentUrl}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body: JSON.stringify({ model: "dynamic/chat", messages: [] }) });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
    };
    const clients = Promise.all(Array.from({ length: 4 }, client));
    await new Promise((resolve) => setTimeout(resolve, 300));
    deployed = rolledBack.url; // the flip: a Worker version whose route table says active: rollback
    flipped = true;
    await clients;
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const served = upstream.received.slice(before).map((r) => JSON.parse(r.body).model as string);
    // Every request reached a graph that exists, first the primary then the rollback, never back.
    expect(new Set(served)).toEqual(new Set([`dynamic/${graphs.primary}`, `dynamic/${graphs.rollback}`]));
    // Requests in flight at the flip (at most one per client) may finish on the version before.
    expect(served.lastIndexOf(`dynamic/${graphs.primary}`)).toBeLessThan(served.indexOf(`dynamic/${graphs.rollback}`) + 4);
    expect(served.at(-1)).toBe(`dynamic/${graphs.rollback}`);
  });
});
