/**
 * Where the front door's time goes. The front door's own source is bundled once whole and once cut
 * short after each stage of a request: the cut copy forwards the request to AI Gateway there, as
 * the least a Worker can do (read the body, send it on with the gateway token), and skips the
 * rest. All copies run in workerd under the same Miniflare set-up; requests are interleaved one by
 * one across them in an order rotated each round. What a stage costs is the difference between the
 * copy cut after it and the copy cut before it, in the same round: latency at p50 as the client
 * sees it, and the CPU time of the copy's workerd process per request (all its threads, Linux
 * schedstat), which the
 * machine's other work disturbs less. The front door bench (front-door.bench.ts) compares the whole
 * with bare Workers; this one says which part of the difference is which.
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { median } from "./stats";
import { interleavedRounds, withPid } from "./workerd-rounds";
import { startUpstreamProcess } from "./upstream-process";
import { cachedBundle } from "../runtime/bundle-cache";
import { FRONT_DOOR_BUNDLE, FRONT_DOOR_COMPATIBILITY_DATE } from "../runtime/front-door/bundle";
import { entry, startFrontDoor, type FrontDoorUnderTest } from "../stand-ins/front-door-workerd";

const QUICK = process.env.SWITCHYARD_BENCH_QUICK === "1";
const KEY = "sy_bench_front_door_stages";
const ROUNDS = QUICK ? 1 : 9;
const WARMUP = QUICK ? 5 : 300;
const PER_ROUND = QUICK ? 5 : 300;
const WORKER = join(__dirname, "..", "runtime", "front-door", "worker.ts");

/** Each stage ends where the next begins: the cut copy forwards the request just before `before`. */
const STAGES: Array<{ stage: string; before: string; body: string }> = [
  { stage: "the Worker hop: read the body, forward it", before: "    const url = new URL(request.url);", body: "await request.arrayBuffer()" },
  { stage: "parse the URL, recognise the endpoint", before: "  // Who is calling.", body: "await request.arrayBuffer()" },
  { stage: "find the presented key, the address's failed keys, digest it (SHA-256), find it in the live set", before: "  const found = admitted === undefined", body: "await request.arrayBuffer()" },
  { stage: "look the key up (in-isolate memo of the KV read)", before: '  if (found === "unreadable")', body: "await request.arrayBuffer()" },
  { stage: "address, expiry, rate limit", before: "  const operation = endpoint.op;", body: "await request.arrayBuffer()" },
  { stage: "read and check the body, resolve the scope", before: "  let cohort: Cohort", body: "body" },
  { stage: "route and cohort, upstream path, headers and metadata; the real forward", before: "", body: "" },
];

/** The least forward a Worker can do, written into the front door's `fetch` or `handle` where it is cut. */
const forward = (body: string): string =>
  `  return fetch(\`\${env.UPSTREAM}/\${env.ACCOUNT_ID}/\${env.GATEWAY_ID}/openai/chat/completions\`, { method: "POST", headers: { "content-type": "application/json", "cf-aig-authorization": \`Bearer \${env.GATEWAY_TOKEN}\` }, body: ${body}, redirect: "manual" });\n`;

/** The front door bundled with its handler cut short before `before` (whole when empty). */
function cutShort(source: string, before: string, body: string, name: string): string {
  if (before === "") return cachedBundle(FRONT_DOOR_BUNDLE);
  if (source.split(before).length !== 2) throw new Error(`runtime/front-door/worker.ts no longer has exactly one "${before.trim()}": update STAGES`);
  const contents = source.replace(before, forward(body) + before);
  const { entryPoints: _whole, ...options } = FRONT_DOOR_BUNDLE.options;
  return cachedBundle({ name: `front-door-stage-${name}`, options: { ...options, stdin: { contents, resolveDir: join(__dirname, "..", "runtime", "front-door"), sourcefile: "worker.ts", loader: "ts" } } });
}

/**
 * The operations the stages are made of, each repeated in a hot loop inside one request, in the
 * same workerd: what one costs when its code and data are warm, to set beside the stages.
 */
const OPERATIONS: Record<string, string> = {
  "request.headers.get": `sink += (request.headers.get("authorization") ?? "").length;`,
  "new URL(request.url)": "sink += new URL(request.url).pathname.length;",
  "new Date()": "sink += new Date().getTime() & 1;",
  "await crypto.subtle.digest (SHA-256 of a key)": `sink += (await crypto.subtle.digest("SHA-256", new TextEncoder().encode("sy_key_" + i))).byteLength;`,
  "await an already resolved promise": "sink += (await Promise.resolve(i)) & 1;",
  "JSON.stringify the request metadata": `sink += JSON.stringify({ workload: "w" + i, keyName: "k", environment: "test", cohort: "none" }).length;`,
};
const LOOP = QUICK ? 10 : 1000;
const LOOP_REQUESTS = QUICK ? 2 : 20;

/** µs per operation: a Worker running it LOOP times per request, less one running nothing. */
async function operationCosts(): Promise<Array<[string, number[]]>> {
  const worker = (body: string) => new Miniflare({ modules: true, script: `export default { async fetch(request) { let sink = 0; for (let i = 0; i < ${LOOP}; i++) { ${body} } return new Response(String(sink)); } };`, compatibilityDate: FRONT_DOOR_COMPATIBILITY_DATE, host: "127.0.0.1", port: 0 });
  const names = ["", ...Object.keys(OPERATIONS)];
  const workers = names.map((name) => worker(name === "" ? "" : OPERATIONS[name]));
  try {
    const urls = await Promise.all(workers.map(async (w) => (await w.ready).toString()));
    const perRequest = async (url: string) => {
      const start = performance.now();
      for (let n = 0; n < LOOP_REQUESTS; n++) await (await fetch(url, { headers: { authorization: `Bearer ${KEY}` } })).text();
      return (performance.now() - start) / LOOP_REQUESTS;
    };
    for (const url of urls) await perRequest(url);
    const rounds = names.map(() => [] as number[]);
    for (let r = 0; r < ROUNDS; r++) for (let k = 0; k < urls.length; k++) { const i = (k + r) % urls.length; rounds[i].push(await perRequest(urls[i])); }
    return names.slice(1).map((name, i) => [name, rounds[i + 1].map((ms, r) => ((ms - rounds[0][r]) * 1000) / LOOP)]);
  } finally {
    for (const w of workers) await w.dispose();
  }
}

const chat = JSON.stringify({ model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }] });

async function once(url: string): Promise<number> {
  const start = performance.now();
  const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", "accept-encoding": "identity" }, body: chat });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`a stage copy answered ${res.status}`);
  return performance.now() - start;
}

async function main(): Promise<void> {
  // In its own process, as in front-door.bench.ts: its work does not land on the client's event loop.
  const upstream = await startUpstreamProcess();
  const source = readFileSync(WORKER, "utf8");
  const copies: Array<{ door: FrontDoorUnderTest; url: string; pid: number }> = [];
  try {
    for (const [i, { before, body }] of STAGES.entries()) {
      const script = cutShort(source, before, body, String(i));
      const { started: door, pid } = await withPid(() => startFrontDoor({ upstream: upstream.url, routes: { chat: { canaryPercent: 10 } }, keys: { [KEY]: entry({ models: ["openai/gpt-4.1-mini"] }) }, script }));
      copies.push({ door, url: `${door.url}/v1/chat/completions`, pid });
    }
    const { p50, cpu } = await interleavedRounds(copies, once, { rounds: ROUNDS, perRound: PER_ROUND, warmup: WARMUP, label: "front door stages bench" });

    const us = (v: number): string => `${Math.round(v)}`;
    const spread = (values: number[]): string => `${us(median(values))} (${us(Math.min(...values))}–${us(Math.max(...values))})`;
    const step = (series: number[][], i: number): number[] => series[i].map((v, r) => v - (i === 0 ? 0 : series[i - 1][r]));
    const rows = STAGES.map(({ stage }, i) =>
      i === 0
        ? `| ${stage} | ${spread(p50[0])} | — | ${spread(cpu[0])} | — |`
        : `| ${stage} | ${spread(p50[i])} | ${spread(step(p50, i))} | ${spread(cpu[i])} | ${spread(step(cpu, i))} |`,
    );
    const operations = await operationCosts();
    const last = STAGES.length - 1;
    const added = p50[last].map((v, r) => v - p50[0][r]);
    const addedCpu = cpu[last].map((v, r) => v - cpu[0][r]);
    console.log(
      [
        "## Front door stages",
        "",
        `Run ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version} (bench/front-door-stages.bench.ts)${QUICK ? ", QUICK: one tiny round, not a measurement" : ""}.`,
        "The front door's source bundled whole and cut short after each stage of a small chat-completions request (the cut",
        "copy reads the body and forwards it to the local stand-in for AI Gateway there, skipping the rest); every copy in",
        `workerd under the same Miniflare set-up, key table in local KV. ${ROUNDS} rounds of ${PER_ROUND} requests per copy, interleaved one by one, order rotated`,
        `each round, after ${WARMUP} warm-up requests per copy. A stage's cost is its copy's figure minus the copy before it, in the same round;`,
        "CPU is the time the copy's workerd process (all its threads) spent on a CPU per request. Cells: median over rounds (lowest–highest round), µs.",
        "",
        "| up to and including | latency p50 | stage, latency | workerd CPU per request | stage, CPU |",
        "|---|---:|---:|---:|---:|",
        ...rows,
        "",
        `- the front door's own work over the least forward: ${us(median(added))} µs at p50 (${us(Math.min(...added))}–${us(Math.max(...added))}), ${us(median(addedCpu))} µs of workerd CPU per request (${us(Math.min(...addedCpu))}–${us(Math.max(...addedCpu))})`,
        "",
        `The operations those stages are made of, each run ${LOOP} times in a loop inside one request (less a Worker running nothing), ${LOOP_REQUESTS} requests`,
        `per Worker per round, ${ROUNDS} rounds: what one costs when its code and data are warm. µs per operation, median (lowest–highest round).`,
        "",
        "| operation | µs |",
        "|---|---:|",
        ...operations.map(([name, values]) => `| ${name} | ${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}) |`),
      ].join("\n"),
    );
  } finally {
    for (const c of copies) await c.door.close();
    await upstream.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
