/**
 * The front door's cost, in one run, loopback only: the same requests straight to the local
 * stand-in for AI Gateway, through a bare pass-through Worker (the cost of any Worker hop under
 * Miniflare), and through the front door (the deployed bundle in workerd). Added latency at p50
 * and p99 and throughput, for a small JSON answer and a streamed (SSE) one. Bounded loops.
 */
import { Miniflare } from "miniflare";
import { ms, percentile } from "./stats";
import { FRONT_DOOR_COMPATIBILITY_DATE } from "../runtime/front-door/bundle";
import { entry, startFrontDoor, TEST_ACCOUNT_ID, TEST_GATEWAY_ID, TEST_GATEWAY_TOKEN } from "../test/front-door/front-door-under-test";
import { startStandIn } from "../test/front-door/stand-in-gateway";

const KEY = "sy_bench_front_door_key";
const WARMUP = 200;
const SEQUENTIAL = 1500;
const CONCURRENT_TOTAL = 3000;
const CONCURRENCY = 16;

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  body: { small: string; streamed: string };
}

/** A Worker that only forwards: what any Worker hop costs under Miniflare on this machine. */
const BARE_PROXY = `export default { async fetch(request, env) {
  const upstream = await fetch(env.TARGET, { method: "POST", headers: request.headers, body: await request.text() });
  return new Response(upstream.body, upstream);
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

/** Sequential requests, interleaved across targets so machine noise falls on all of them alike. */
async function interleaved(targets: Target[], kind: "small" | "streamed"): Promise<Array<{ total: number[]; firstByte: number[] }>> {
  const out = targets.map(() => ({ total: [] as number[], firstByte: [] as number[] }));
  for (let i = 0; i < WARMUP + SEQUENTIAL; i++) {
    for (let t = 0; t < targets.length; t++) {
      const r = await once(targets[t], targets[t].body[kind]);
      if (i < WARMUP) continue;
      out[t].total.push(r.total);
      out[t].firstByte.push(r.firstByte);
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

async function main(): Promise<void> {
  const upstream = await startStandIn();
  const door = await startFrontDoor({ upstream: upstream.url, routes: { chat: { canaryPercent: 10 } }, keys: { [KEY]: entry({ models: ["openai/gpt-4.1-mini"] }) } });
  const providerUrl = `${upstream.url}/${TEST_ACCOUNT_ID}/${TEST_GATEWAY_ID}/openai/chat/completions`;
  const bare = new Miniflare({ modules: true, script: BARE_PROXY, compatibilityDate: FRONT_DOOR_COMPATIBILITY_DATE, host: "127.0.0.1", port: 0, bindings: { TARGET: providerUrl } });
  const bareUrl = (await bare.ready).toString();
  try {
    const upstreamHeaders = { "cf-aig-authorization": `Bearer ${TEST_GATEWAY_TOKEN}`, "content-type": "application/json" };
    const bareBody = { small: chat("gpt-4.1-mini", false), streamed: chat("gpt-4.1-mini", true) };
    const targets: Target[] = [
      { name: "direct", url: providerUrl, headers: upstreamHeaders, body: bareBody },
      { name: "bare Worker", url: bareUrl, headers: upstreamHeaders, body: bareBody },
      { name: "front door", url: `${door.url}/v1/chat/completions`, headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body: { small: chat("gpt-4.1-mini", false), streamed: chat("gpt-4.1-mini", true) } },
    ];
    const latencyRows: string[] = [];
    const throughputRows: string[] = [];
    for (const kind of ["small", "streamed"] as const) {
      const [direct, bareWorker, frontDoor] = await interleaved(targets, kind);
      const measures: Array<["total" | "firstByte", string]> = kind === "small" ? [["total", "complete answer"]] : [["firstByte", "first byte"], ["total", "complete stream"]];
      for (const [m, label] of measures) {
        const p = (values: number[], q: number) => percentile(values, q);
        latencyRows.push(
          `| ${kind} | ${label} | ${ms(p(direct[m], 50))} | ${ms(p(bareWorker[m], 50))} | ${ms(p(frontDoor[m], 50))} | **${ms(p(frontDoor[m], 50) - p(direct[m], 50))}** | **${ms(p(frontDoor[m], 50) - p(bareWorker[m], 50))}** | ${ms(p(direct[m], 99))} | ${ms(p(frontDoor[m], 99))} | **${ms(p(frontDoor[m], 99) - p(direct[m], 99))}** |`,
        );
      }
      const rates = [];
      for (const t of targets) rates.push(await throughput(t, t.body[kind]));
      throughputRows.push(`| ${kind} | ${rates[0].toFixed(0)} | ${rates[1].toFixed(0)} | ${rates[2].toFixed(0)} | ${(rates[2] / rates[0]).toFixed(2)}× | ${(rates[2] / rates[1]).toFixed(2)}× |`);
    }
    console.log(
      [
        "## Front door",
        "",
        "The same chat-completions requests three ways, loopback only, one Node fetch client: straight to the local stand-in for",
        "AI Gateway (test/front-door/stand-in-gateway.ts); through a bare pass-through Worker in workerd (what any Worker hop costs",
        "under Miniflare: Node -> workerd -> Node); and through the front door (the deployed bundle in workerd, key table in",
        `Miniflare's local KV). Latency: ${SEQUENTIAL} sequential requests per target, interleaved round-robin, after ${WARMUP} warm-up rounds; throughput: ${CONCURRENT_TOTAL} requests`,
        `at concurrency ${CONCURRENCY}. "Added" compares percentiles of separate samples. The aim is under 1 ms added at p50: read`,
        "the \"vs bare Worker\" column for the front door's own work (key digest, KV lookup, scope, header rewrite); the",
        "\"vs direct\" column also holds Miniflare's local hop, which has no counterpart on Cloudflare's edge.",
        "",
        "| response | measured to | direct p50 ms | bare Worker p50 ms | front door p50 ms | added p50 vs direct | added p50 vs bare Worker | direct p99 ms | front door p99 ms | added p99 vs direct |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ...latencyRows,
        "",
        "| response | direct req/s | bare Worker req/s | front door req/s | front door / direct | front door / bare Worker |",
        "|---|---:|---:|---:|---:|---:|",
        ...throughputRows,
      ].join("\n"),
    );
  } finally {
    await bare.dispose();
    await door.close();
    await upstream.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
