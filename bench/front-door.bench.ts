/**
 * The front door's cost, loopback only: the same chat-completions requests straight to the local
 * stand-in for AI Gateway, through a bare pass-through Worker (streams the request body on, the
 * cost of any Worker hop under Miniflare), through a bare Worker that reads the body before
 * sending it (what reading the body costs, which the scope check needs), and through the front
 * door (the deployed bundle in workerd).
 *
 * Three set-ups, each measured whole: node:http as the client (no SDK, no fetch layer: the
 * least a client adds) with the stand-in in a process of its own (bench/upstream-process.ts), so
 * client and upstream do not share an event loop; the same with each Worker on its own socket,
 * without Miniflare's entry Worker in front (closer to the edge, which has none); and, as before,
 * Node's fetch with the stand-in in this process. Every round measures all four targets: sequential requests interleaved one by
 * one across the targets, then a throughput run per target at concurrency 1 and 16, in an order
 * rotated each round, so machine noise falls on all of them alike. The tables give the median
 * over rounds and the spread (lowest and highest round). Bounded loops.
 *
 * Aim (issue 25): at most 100 µs added at p50 over the bare Worker, and at least 0.9x its
 * throughput at concurrency 1 and 16. SWITCHYARD_BENCH_QUICK=1 runs one tiny round (to check the
 * bench runs, not to measure).
 */
import { Agent, request as httpRequest } from "node:http";
import { cpus } from "node:os";
import { BARE_PROXY, BARE_READING_PROXY, startBareWorker } from "./bare-workers";
import { median, percentile } from "./stats";
import { startUpstreamProcess } from "./upstream-process";
import { entry, startFrontDoor, TEST_ACCOUNT_ID, TEST_GATEWAY_ID, TEST_GATEWAY_TOKEN } from "../stand-ins/front-door-workerd";
import { startStandIn } from "../stand-ins/ai-gateway";

const QUICK = process.env.SWITCHYARD_BENCH_QUICK === "1";
const KEY = "sy_bench_front_door_key";
const ROUNDS = QUICK ? 1 : 9;
const WARMUP = QUICK ? 5 : 300;
const SEQUENTIAL = QUICK ? 5 : 250;
const CONCURRENT_TOTAL = QUICK ? 32 : 800;
const CONCURRENCIES = [1, 16] as const;
type Concurrency = (typeof CONCURRENCIES)[number];

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  body: Record<Kind, string>;
}

/** One request, read to its end: total time and time to the first body byte, in ms. */
type Client = (target: Target, body: string) => Promise<{ total: number; firstByte: number }>;

// identity: workerd would otherwise gzip JSON for the Worker paths only, and the comparison would measure compression.
const IDENTITY = { "accept-encoding": "identity" };

/** Node's fetch (undici). */
const fetchClient: Client = async (target, body) => {
  const start = performance.now();
  const res = await fetch(target.url, { method: "POST", headers: { ...target.headers, ...IDENTITY }, body });
  const reader = res.body!.getReader();
  let firstByte = 0;
  for (;;) {
    const { done } = await reader.read();
    if (!firstByte) firstByte = performance.now() - start;
    if (done) break;
  }
  if (res.status !== 200) throw new Error(`${target.name} answered ${res.status}`);
  return { total: performance.now() - start, firstByte };
};

/** node:http with kept-alive connections: no SDK and no fetch layer between the bench and the socket. */
function httpClient(): { client: Client; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(...CONCURRENCIES) });
  const client: Client = (target, body) =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      const req = httpRequest(target.url, { method: "POST", agent, headers: { ...target.headers, ...IDENTITY, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
        let firstByte = 0;
        res.on("data", () => {
          if (!firstByte) firstByte = performance.now() - start;
        });
        res.on("end", () => {
          if (res.statusCode !== 200) reject(new Error(`${target.name} answered ${res.statusCode}`));
          else resolve({ total: performance.now() - start, firstByte: firstByte || performance.now() - start });
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  return { client, close: () => agent.destroy() };
}

/** `count` requests per target, interleaved one by one in `order`: each target's samples are taken side by side. */
async function interleaved(client: Client, targets: Target[], order: number[], kind: Kind, count: number): Promise<Array<{ total: number[]; firstByte: number[] }>> {
  const out = targets.map(() => ({ total: [] as number[], firstByte: [] as number[] }));
  for (let n = 0; n < count; n++) {
    for (const i of order) {
      const r = await client(targets[i], targets[i].body[kind]);
      out[i].total.push(r.total);
      out[i].firstByte.push(r.firstByte);
    }
  }
  return out;
}

async function throughput(client: Client, target: Target, body: string, concurrency: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < CONCURRENT_TOTAL) {
        next++;
        await client(target, body);
      }
    }),
  );
  return CONCURRENT_TOTAL / ((performance.now() - start) / 1000);
}

const chat = (model: string, stream: boolean) => JSON.stringify({ model, ...(stream ? { stream: true } : {}), messages: [{ role: "user", content: "hi" }] });
const KINDS = ["small", "streamed"] as const;
type Kind = (typeof KINDS)[number];

/** Per round: p50 and p99 per target and measure, and throughput per target and concurrency. */
interface Round {
  latency: Record<Kind, Record<"total" | "firstByte", Array<{ p50: number; p99: number }>>>;
  rate: Record<Kind, Record<Concurrency, number[]>>;
}

const us = (ms: number): string => `${Math.round(ms * 1000)}`;
const spread = (values: number[], format: (v: number) => string): string => `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
const [DIRECT, BARE, READING, DOOR] = [0, 1, 2, 3];

interface SetUp {
  title: string;
  client: Client;
  upstream: string;
  /**
   * Each Worker on a socket of its own (Miniflare's unsafeDirectSockets): no Miniflare entry Worker
   * in front of it, as on Cloudflare's edge, where a request reaches the Worker without one.
   */
  directSockets?: boolean;
}

async function measure(setUp: SetUp): Promise<string[]> {
  const direct = setUp.directSockets === true;
  const door = await startFrontDoor({ upstream: setUp.upstream, routes: { chat: { canaryPercent: 10 } }, keys: { [KEY]: entry({ models: ["openai/gpt-4.1-mini"] }) }, directSocket: direct });
  const providerUrl = `${setUp.upstream}/${TEST_ACCOUNT_ID}/${TEST_GATEWAY_ID}/openai/chat/completions`;
  const bare = await startBareWorker(BARE_PROXY, providerUrl, direct);
  const reading = await startBareWorker(BARE_READING_PROXY, providerUrl, direct);
  try {
    const upstreamHeaders = { "cf-aig-authorization": `Bearer ${TEST_GATEWAY_TOKEN}`, "content-type": "application/json" };
    const body = { small: chat("gpt-4.1-mini", false), streamed: chat("gpt-4.1-mini", true) };
    const targets: Target[] = [
      { name: "direct", url: providerUrl, headers: upstreamHeaders, body },
      { name: "bare Worker", url: bare.url, headers: upstreamHeaders, body },
      { name: "bare Worker reading the body", url: reading.url, headers: upstreamHeaders, body },
      { name: "front door", url: `${door.url}/v1/chat/completions`, headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body },
    ];
    for (const kind of KINDS) await interleaved(setUp.client, targets, targets.map((_, i) => i), kind, WARMUP);

    const rounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = targets.map((_, i) => (i + r) % targets.length);
      const round: Round = {
        latency: { small: { total: [], firstByte: [] }, streamed: { total: [], firstByte: [] } },
        rate: { small: { 1: [], 16: [] }, streamed: { 1: [], 16: [] } },
      };
      for (const kind of KINDS) {
        const samples = await interleaved(setUp.client, targets, order, kind, SEQUENTIAL);
        samples.forEach((s, i) => {
          round.latency[kind].total[i] = { p50: percentile(s.total, 50), p99: percentile(s.total, 99) };
          round.latency[kind].firstByte[i] = { p50: percentile(s.firstByte, 50), p99: percentile(s.firstByte, 99) };
        });
        for (const concurrency of CONCURRENCIES) for (const i of order) round.rate[kind][concurrency][i] = await throughput(setUp.client, targets[i], targets[i].body[kind], concurrency);
      }
      rounds.push(round);
      process.stderr.write(`front door bench (${setUp.title}): round ${r + 1}/${ROUNDS}\n`);
    }
    return report(setUp.title, rounds);
  } finally {
    await bare.close();
    await reading.close();
    await door.close();
  }
}

function report(title: string, rounds: Round[]): string[] {
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
      if (m === "total") verdicts.push(`${kind}: ${us(median(addedP50))} µs (${us(Math.min(...addedP50))}–${us(Math.max(...addedP50))}) added at p50 over the bare Worker (aim: at most 100)`);
    }
    for (const concurrency of CONCURRENCIES) {
      const rate = (t: number) => rounds.map((r) => r.rate[kind][concurrency][t]);
      const ratio = rounds.map((r) => r.rate[kind][concurrency][DOOR] / r.rate[kind][concurrency][BARE]);
      const perSecond = (v: number) => v.toFixed(0);
      const times = (v: number) => `${v.toFixed(2)}×`;
      throughputRows.push(
        `| ${kind} | ${concurrency} | ${spread(rate(DIRECT), perSecond)} | ${spread(rate(BARE), perSecond)} | ${spread(rate(READING), perSecond)} | ${spread(rate(DOOR), perSecond)} | **${spread(ratio, times)}** | ${spread(rounds.map((r) => r.rate[kind][concurrency][DOOR] / r.rate[kind][concurrency][READING]), times)} |`,
      );
      verdicts.push(`${kind}: ${median(ratio).toFixed(2)}× (${Math.min(...ratio).toFixed(2)}–${Math.max(...ratio).toFixed(2)}) the bare Worker's throughput at concurrency ${concurrency} (aim: at least 0.90×)`);
    }
  }
  return [
    `### ${title}`,
    "",
    "| response | measured to | direct p50 | bare Worker p50 | bare Worker reading p50 | front door p50 | added p50 | added p50 over reading | bare Worker p99 | front door p99 | added p99 |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...latencyRows,
    "",
    "| response | concurrency | direct req/s | bare Worker req/s | bare Worker reading req/s | front door req/s | front door / bare Worker | front door / bare Worker reading |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    ...throughputRows,
    "",
    ...verdicts.map((v) => `- ${v}`),
  ];
}

async function main(): Promise<void> {
  const sections: string[][] = [];
  {
    const upstream = await startUpstreamProcess();
    const http = httpClient();
    try {
      sections.push(await measure({ title: "node:http client, stand-in in its own process", client: http.client, upstream: upstream.url }));
    } finally {
      http.close();
      await upstream.close();
    }
  }
  {
    const upstream = await startUpstreamProcess();
    const http = httpClient();
    try {
      sections.push(await measure({ title: "node:http client, stand-in in its own process, each Worker on its own socket (no Miniflare entry Worker)", client: http.client, upstream: upstream.url, directSockets: true }));
    } finally {
      http.close();
      await upstream.close();
    }
  }
  {
    const upstream = await startStandIn();
    upstream.received.push = () => 0;
    try {
      sections.push(await measure({ title: "Node fetch client, stand-in in the bench's process", client: fetchClient, upstream: upstream.url }));
    } finally {
      await upstream.close();
    }
  }
  console.log(
    [
      "## Front door",
      "",
      `Run ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version} (bench/front-door.bench.ts)${QUICK ? ", QUICK: one tiny round, not a measurement" : ""}.`,
      "The same chat-completions requests four ways, loopback only: straight to the local stand-in for AI Gateway",
      "(stand-ins/ai-gateway.ts); through a bare pass-through Worker in workerd that streams the request body on (what any",
      "Worker hop costs under Miniflare: client -> workerd -> stand-in); through a bare Worker that reads the body whole",
      "before sending it (the part of the front door's cost that reading the model from the body makes unavoidable); and",
      "through the front door (the deployed bundle in workerd, key table in Miniflare's local KV). Three set-ups, one after",
      "the other: node:http as the client with the stand-in in a process of its own; the same with each Worker served on a",
      "socket of its own, without the entry Worker Miniflare puts in front of every Worker (Cloudflare's edge has none);",
      `then Node's fetch with the stand-in in the bench's own process. ${ROUNDS} rounds each; in each, ${SEQUENTIAL} sequential requests per target and response kind, interleaved one by`,
      `one across the targets, then ${CONCURRENT_TOTAL} requests per target at concurrency ${CONCURRENCIES.join(" and ")}; the target order rotates each round;`,
      `${WARMUP} warm-up requests per target and kind first. Cells: median over rounds (lowest–highest round). Latencies in µs;`,
      "\"added\" is the front door's percentile minus a bare Worker's in the same round: over the streaming one, everything the",
      "front door does; over the reading one, its own work (key digest, key lookup, body check, scope, headers). No Worker",
      "column has a counterpart on Cloudflare's edge, where there is no client -> workerd hop on one machine. The machine is",
      "shared: read the spread before the medians.",
      "",
      ...sections.flatMap((s) => [...s, ""]),
    ]
      .join("\n")
      .trimEnd(),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
