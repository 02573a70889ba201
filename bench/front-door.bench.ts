/**
 * The front door's cost, loopback only: the same chat-completions requests straight to the local
 * stand-in for AI Gateway, through a bare pass-through Worker (streams the request body on, the
 * cost of any Worker hop under Miniflare), through a bare Worker that reads the body before
 * sending it (what reading the body costs, which the scope check needs), and through the front
 * door (the deployed bundle in workerd). Every round measures all four targets: sequential requests interleaved one by one
 * across the targets, then a throughput run per target, in an order rotated each round, so
 * machine noise falls on all of them alike. The tables give the median over rounds and the
 * spread (lowest and highest round). Bounded loops.
 *
 * Aim (issue 12): at most 100 µs added at p50 over the bare Worker, and at least 0.9x its
 * throughput at concurrency 16.
 */
import { Miniflare } from "miniflare";
import { cpus } from "node:os";
import { median, percentile } from "./stats";
import { FRONT_DOOR_COMPATIBILITY_DATE } from "../runtime/front-door/bundle";
import { entry, startFrontDoor, TEST_ACCOUNT_ID, TEST_GATEWAY_ID, TEST_GATEWAY_TOKEN } from "../stand-ins/front-door-workerd";
import { startStandIn } from "../stand-ins/ai-gateway";

const KEY = "sy_bench_front_door_key";
const ROUNDS = 9;
const WARMUP = 300;
const SEQUENTIAL = 250;
const CONCURRENT_TOTAL = 800;
const CONCURRENCY = 16;

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  body: { small: string; streamed: string };
}

/** A Worker that only forwards, streaming the request body on: what any Worker hop costs under Miniflare. */
const BARE_PROXY = `export default { async fetch(request, env) {
  return fetch(env.TARGET, { method: "POST", headers: request.headers, body: request.body });
} };`;
/** The same, reading the body whole first, as the front door must. */
const BARE_READING_PROXY = `export default { async fetch(request, env) {
  return fetch(env.TARGET, { method: "POST", headers: request.headers, body: await request.arrayBuffer() });
} };`;

async function once(target: Target, body: string): Promise<{ total: number; firstByte: number }> {
  const start = performance.now();
  // identity: workerd would otherwise gzip JSON for the Worker paths only, and the comparison would measure compression.
  const res = await fetch(target.url, { method: "POST", headers: { ...target.headers, "accept-encoding": "identity" }, body });
  const reader = res.body!.getReader();
  let firstByte = 0;
  for (;;) {
    const { done } = await reader.read();
    if (!firstByte) firstByte = performance.now() - start;
    if (done) break;
  }
  if (res.status !== 200) throw new Error(`${target.name} answered ${res.status}`);
  return { total: performance.now() - start, firstByte };
}

/** `count` requests per target, interleaved one by one in `order`: each target's samples are taken side by side. */
async function interleaved(targets: Target[], order: number[], kind: Kind, count: number): Promise<Array<{ total: number[]; firstByte: number[] }>> {
  const out = targets.map(() => ({ total: [] as number[], firstByte: [] as number[] }));
  for (let n = 0; n < count; n++) {
    for (const i of order) {
      const r = await once(targets[i], targets[i].body[kind]);
      out[i].total.push(r.total);
      out[i].firstByte.push(r.firstByte);
    }
  }
  return out;
}

async function throughput(target: Target, body: string): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CONCURRENT_TOTAL) {
        next++;
        await once(target, body);
      }
    }),
  );
  return CONCURRENT_TOTAL / ((performance.now() - start) / 1000);
}

const chat = (model: string, stream: boolean) => JSON.stringify({ model, ...(stream ? { stream: true } : {}), messages: [{ role: "user", content: "hi" }] });
const KINDS = ["small", "streamed"] as const;
type Kind = (typeof KINDS)[number];

/** Per round: p50 and p99 per target and measure, and throughput per target. */
interface Round {
  latency: Record<Kind, Record<"total" | "firstByte", Array<{ p50: number; p99: number }>>>;
  rate: Record<Kind, number[]>;
}

const us = (ms: number): string => `${Math.round(ms * 1000)}`;
const spread = (values: number[], format: (v: number) => string): string => `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;

async function main(): Promise<void> {
  const upstream = await startStandIn();
  const door = await startFrontDoor({ upstream: upstream.url, routes: { chat: { canaryPercent: 10 } }, keys: { [KEY]: entry({ models: ["openai/gpt-4.1-mini"] }) } });
  const providerUrl = `${upstream.url}/${TEST_ACCOUNT_ID}/${TEST_GATEWAY_ID}/openai/chat/completions`;
  const worker = (script: string) => new Miniflare({ modules: true, script, compatibilityDate: FRONT_DOOR_COMPATIBILITY_DATE, host: "127.0.0.1", port: 0, bindings: { TARGET: providerUrl } });
  const bare = worker(BARE_PROXY);
  const reading = worker(BARE_READING_PROXY);
  const bareUrl = (await bare.ready).toString();
  const readingUrl = (await reading.ready).toString();
  try {
    const upstreamHeaders = { "cf-aig-authorization": `Bearer ${TEST_GATEWAY_TOKEN}`, "content-type": "application/json" };
    const bareBody = { small: chat("gpt-4.1-mini", false), streamed: chat("gpt-4.1-mini", true) };
    const targets: Target[] = [
      { name: "direct", url: providerUrl, headers: upstreamHeaders, body: bareBody },
      { name: "bare Worker", url: bareUrl, headers: upstreamHeaders, body: bareBody },
      { name: "bare Worker reading the body", url: readingUrl, headers: upstreamHeaders, body: bareBody },
      { name: "front door", url: `${door.url}/v1/chat/completions`, headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body: { small: chat("gpt-4.1-mini", false), streamed: chat("gpt-4.1-mini", true) } },
    ];
    for (const kind of KINDS) await interleaved(targets, targets.map((_, i) => i), kind, WARMUP);

    const rounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = targets.map((_, i) => (i + r) % targets.length);
      const round: Round = {
        latency: { small: { total: [], firstByte: [] }, streamed: { total: [], firstByte: [] } },
        rate: { small: [], streamed: [] },
      };
      for (const kind of KINDS) {
        const samples = await interleaved(targets, order, kind, SEQUENTIAL);
        samples.forEach((s, i) => {
          round.latency[kind].total[i] = { p50: percentile(s.total, 50), p99: percentile(s.total, 99) };
          round.latency[kind].firstByte[i] = { p50: percentile(s.firstByte, 50), p99: percentile(s.firstByte, 99) };
        });
        for (const i of order) round.rate[kind][i] = await throughput(targets[i], targets[i].body[kind]);
      }
      rounds.push(round);
      process.stderr.write(`front door bench: round ${r + 1}/${ROUNDS}\n`);
    }

    const [DIRECT, BARE, READING, DOOR] = [0, 1, 2, 3];
    const latencyRows: string[] = [];
    const throughputRows: string[] = [];
    const verdicts: string[] = [];
    for (const kind of KINDS) {
      const measures: Array<["total" | "firstByte", string]> = kind === "small" ? [["total", "complete answer"]] : [["firstByte", "first byte"], ["total", "complete stream"]];
      for (const [m, label] of measures) {
        const p50 = (t: number) => rounds.map((r) => r.latency[kind][m][t].p50);
        const p99 = (t: number) => rounds.map((r) => r.latency[kind][m][t].p99);
        const over = (t: number, q: "p50" | "p99") => rounds.map((r) => r.latency[kind][m][DOOR][q] - r.latency[kind][m][t][q]);
        const addedP50 = over(BARE, "p50");
        latencyRows.push(
          `| ${kind} | ${label} | ${spread(p50(DIRECT), us)} | ${spread(p50(BARE), us)} | ${spread(p50(READING), us)} | ${spread(p50(DOOR), us)} | **${spread(addedP50, us)}** | ${spread(over(READING, "p50"), us)} | ${spread(p99(BARE), us)} | ${spread(p99(DOOR), us)} | ${spread(over(BARE, "p99"), us)} |`,
        );
        if (m === "total") verdicts.push(`${kind}: ${us(median(addedP50))} µs added at p50 over the bare Worker (aim: at most 100), ${us(median(over(READING, "p50")))} µs over the one reading the body`);
      }
      const rate = (t: number) => rounds.map((r) => r.rate[kind][t]);
      const ratio = rounds.map((r) => r.rate[kind][DOOR] / r.rate[kind][BARE]);
      const perSecond = (v: number) => v.toFixed(0);
      const times = (v: number) => `${v.toFixed(2)}×`;
      throughputRows.push(
        `| ${kind} | ${spread(rate(DIRECT), perSecond)} | ${spread(rate(BARE), perSecond)} | ${spread(rate(READING), perSecond)} | ${spread(rate(DOOR), perSecond)} | **${spread(ratio, times)}** | ${spread(rounds.map((r) => r.rate[kind][DOOR] / r.rate[kind][READING]), times)} |`,
      );
      verdicts.push(`${kind}: ${median(ratio).toFixed(2)}× the bare Worker's throughput at concurrency ${CONCURRENCY} (aim: at least 0.90×)`);
    }
    console.log(
      [
        "## Front door",
        "",
        `Run ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version} (bench/front-door.bench.ts).`,
        "The same chat-completions requests four ways, loopback only, one Node fetch client: straight to the local stand-in for",
        "AI Gateway (stand-ins/ai-gateway.ts); through a bare pass-through Worker in workerd that streams the request",
        "body on (what any Worker hop costs under Miniflare: Node -> workerd -> Node); through a bare Worker that reads the body",
        "whole before sending it (the part of the front door's cost that reading the model from the body makes unavoidable);",
        "and through the front door (the deployed bundle in workerd, key table in Miniflare's local KV).",
        `${ROUNDS} rounds; in each, ${SEQUENTIAL} sequential requests per target and response`,
        `kind, interleaved one by one across the targets, then ${CONCURRENT_TOTAL} requests per target at concurrency ${CONCURRENCY}; the target order rotates`,
        `each round; ${WARMUP} warm-up requests per target and kind first. Cells: median over rounds (lowest–highest round). Latencies in µs;`,
        "\"added\" is the front door's percentile minus a bare Worker's in the same round: over the streaming one, everything the",
        "front door does; over the reading one, its own work (key digest, key lookup, body check, scope, headers). No Worker",
        "column has a counterpart on Cloudflare's edge, where there is no Node -> workerd hop. The machine is shared: read the",
        "spread before the medians.",
        "",
        "| response | measured to | direct p50 | bare Worker p50 | bare Worker reading p50 | front door p50 | added p50 | added p50 over reading | bare Worker p99 | front door p99 | added p99 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ...latencyRows,
        "",
        `| response | direct req/s | bare Worker req/s | bare Worker reading req/s | front door req/s | front door / bare Worker | front door / bare Worker reading |`,
        "|---|---:|---:|---:|---:|---:|---:|",
        ...throughputRows,
        "",
        ...verdicts.map((v) => `- ${v}`),
      ].join("\n"),
    );
  } finally {
    await bare.dispose();
    await reading.dispose();
    await door.close();
    await upstream.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
