/**
 * Two or more builds of the front door side by side, to judge a change to it on a loaded machine:
 * each bundle (a file, or `current` for the working tree's) in its own workerd under the same
 * Miniflare set-up as the tests, plus the bare pass-through Worker (bench/bare-workers.ts), the
 * stand-in for AI Gateway in its own process. Small chat-completions requests from node:http, one
 * at a time, interleaved one by one across the copies in an order rotated each round. Per copy and
 * round: latency p50 and the CPU time its workerd process (all threads, Linux schedstat) spent per
 * request, which the machine's other work disturbs less than latency. Prints the medians over the
 * rounds and each copy's difference from the first, round by round. A comparison, not a
 * measurement for the docs (front-door.bench.ts is that). Run it twice, the bundles in both
 * orders: on a shared machine the later-started copy came out some 15-20 µs faster whatever it ran.
 *
 *   npx tsx bench/front-door-ab.ts OLD.mjs current [--rounds N] [--requests N] [--direct]
 *
 * --direct serves every copy on a socket of its own, without Miniflare's entry Worker in front
 * (as front-door.bench.ts's second set-up): less of the machine's noise lies on the path.
 *
 * Write an old bundle with: npx tsx -e 'import {bundleFrontDoor} from "./runtime/front-door/bundle";
 * require("fs").writeFileSync("/tmp/old.mjs", bundleFrontDoor())' (at the old commit).
 */
import { readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { BARE_PROXY, startBareWorker } from "./bare-workers";
import { median } from "./stats";
import { interleavedRounds, withPid } from "./workerd-rounds";
import { startUpstreamProcess } from "./upstream-process";
import { bundleFrontDoor } from "../runtime/front-door/bundle";
import { entry, startFrontDoor, TEST_ACCOUNT_ID, TEST_GATEWAY_ID } from "../stand-ins/front-door-workerd";

const KEY = "sy_bench_front_door_ab";
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const [, value] = args.splice(at, 2);
  return Number(value);
};
const ROUNDS = option("rounds", 7);
const PER_ROUND = option("requests", 300);
const WARMUP = 300;
const DIRECT = args.includes("--direct") && args.splice(args.indexOf("--direct"), 1).length > 0;
const BUNDLES = args.length > 0 ? args : ["current"];

async function main(): Promise<void> {
  const upstream = await startUpstreamProcess();
  const copies: Array<{ name: string; url: string; pid: number; close(): Promise<unknown> }> = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const body = JSON.stringify({ model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }] });
  const once = (url: string) =>
    new Promise<number>((resolve, reject) => {
      const start = performance.now();
      const req = httpRequest(url, { method: "POST", agent, headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", "accept-encoding": "identity", "content-length": String(Buffer.byteLength(body)) } }, (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve(performance.now() - start) : reject(new Error(`${url} answered ${res.statusCode}`))));
      });
      req.on("error", reject);
      req.end(body);
    });
  try {
    const bare = await withPid(() => startBareWorker(BARE_PROXY, `${upstream.url}/${TEST_ACCOUNT_ID}/${TEST_GATEWAY_ID}/openai/chat/completions`, DIRECT));
    copies.push({ name: "bare Worker", url: bare.started.url, pid: bare.pid, close: () => bare.started.close() });
    for (const file of BUNDLES) {
      const script = file === "current" ? bundleFrontDoor() : readFileSync(file, "utf8");
      const { started, pid } = await withPid(() => startFrontDoor({ upstream: upstream.url, routes: {}, keys: { [KEY]: entry({ models: ["openai/gpt-4.1-mini"] }) }, script, directSocket: DIRECT }));
      copies.push({ name: file, url: `${started.url}/v1/chat/completions`, pid, close: () => started.close() });
    }
    const { p50, cpu } = await interleavedRounds(copies, once, { rounds: ROUNDS, perRound: PER_ROUND, warmup: WARMUP, label: "front door A/B" });
    const us = (v: number) => Math.round(v).toString();
    const spread = (values: number[]) => `${us(median(values))} (${us(Math.min(...values))}–${us(Math.max(...values))})`;
    const less = (series: number[][], i: number, base: number) => series[i].map((v, r) => v - series[base][r]);
    console.log(`${ROUNDS} rounds × ${PER_ROUND} requests per copy; µs, median over rounds (lowest–highest)`);
    console.log("| copy | p50 | p50 − bare | p50 − first bundle | workerd CPU per request | CPU − bare | CPU − first bundle |\n|---|---:|---:|---:|---:|---:|---:|");
    copies.forEach((c, i) =>
      console.log(`| ${c.name} | ${spread(p50[i])} | ${spread(less(p50, i, 0))} | ${i > 0 ? spread(less(p50, i, 1)) : "—"} | ${spread(cpu[i])} | ${spread(less(cpu, i, 0))} | ${i > 0 ? spread(less(cpu, i, 1)) : "—"} |`),
    );
  } finally {
    agent.destroy();
    for (const c of copies) await c.close();
    await upstream.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
