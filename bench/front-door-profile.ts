/**
 * Where the front door's JavaScript spends its time: a CPU profile of the deployed bundle in
 * workerd, taken through workerd's inspector (Chrome DevTools Protocol: Profiler.start/stop)
 * while node:http sends it small chat-completions requests one at a time, the stand-in for AI
 * Gateway in its own process. Prints self time by function, the largest first. A guide to what
 * to make cheaper, not a measurement: sampling slows the Worker, and the shares move with the
 * machine's load (the benches in front-door*.bench.ts measure). Not a *.bench.ts, so
 * `npm run bench` leaves it out: `npx tsx bench/front-door-profile.ts [REQUESTS] [BUNDLE.mjs]`.
 */
import { readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { startUpstreamProcess } from "./upstream-process";
import { entry, startFrontDoor } from "../stand-ins/front-door-workerd";

const KEY = "sy_bench_front_door_profile";
const REQUESTS = Number(process.argv[2] ?? 3000);
/** Another bundle of the front door to profile (a file, as bench/front-door-ab.ts takes them); default the working tree's. */
const BUNDLE = process.argv[3];
const INSPECTOR_PORT = 9339;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  startTime: number;
  endTime: number;
}

/** One CDP session over the inspector's WebSocket. */
async function devtools(url: string): Promise<{ call<T>(method: string, params?: object): Promise<T>; close(): void }> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve);
    ws.addEventListener("error", reject);
  });
  let id = 0;
  const pending = new Map<number, (result: unknown) => void>();
  ws.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  return {
    call: <T>(method: string, params: object = {}) =>
      new Promise<T>((resolve) => {
        pending.set(++id, resolve as (result: unknown) => void);
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

async function main(): Promise<void> {
  const upstream = await startUpstreamProcess();
  const door = await startFrontDoor({ upstream: upstream.url, routes: {}, keys: { [KEY]: entry({ models: ["openai/gpt-4.1-mini"] }) }, inspectorPort: INSPECTOR_PORT, ...(BUNDLE ? { script: readFileSync(BUNDLE, "utf8") } : {}) });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const body = JSON.stringify({ model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }] });
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${door.url}/v1/chat/completions`, { method: "POST", agent, headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", "accept-encoding": "identity" } }, (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`the front door answered ${res.statusCode}`))));
      });
      req.on("error", reject);
      req.end(body);
    });
  try {
    for (let i = 0; i < 300; i++) await once();
    // Miniflare runs its own Workers beside ours; the front door is the user Worker.
    const targets = (await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json`)).json()) as Array<{ title: string; webSocketDebuggerUrl: string }>;
    const target = targets.find((t) => t.title.includes("core:user"));
    if (!target) throw new Error(`no user Worker among the inspector's targets: ${targets.map((t) => t.title).join(", ")}`);
    const session = await devtools(target.webSocketDebuggerUrl);
    await session.call("Profiler.enable");
    await session.call("Profiler.setSamplingInterval", { interval: 50 });
    await session.call("Profiler.start");
    for (let i = 0; i < REQUESTS; i++) await once();
    const { profile } = await session.call<{ profile: Profile }>("Profiler.stop");
    session.close();

    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    for (const sample of profile.samples) {
      const { functionName, url, lineNumber } = nodes.get(sample)!.callFrame;
      const name = url ? `${functionName || "(anonymous)"} (${url.split("/").pop()}:${lineNumber + 1})` : functionName || "(anonymous, native)";
      self.set(name, (self.get(name) ?? 0) + 1);
    }
    const perRequestUs = (profile.endTime - profile.startTime) / REQUESTS;
    console.log(`${REQUESTS} requests, ${profile.samples.length} samples, ${perRequestUs.toFixed(0)} µs of wall time per request while sampled`);
    console.log("| self time | µs per request | function |\n|---:|---:|---|");
    for (const [name, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
      const share = count / profile.samples.length;
      console.log(`| ${(share * 100).toFixed(1)} % | ${(share * perRequestUs).toFixed(1)} | ${name} |`);
    }
  } finally {
    agent.destroy();
    await door.close();
    await upstream.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
