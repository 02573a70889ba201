/**
 * Copies of a Worker, each in its own workerd, measured side by side: requests interleaved one by
 * one across the copies in an order that rotates each round, each round's p50 latency and workerd
 * CPU per request kept per copy (the machine is noisy: compare copies within a round). Used by
 * bench/front-door-stages.bench.ts and bench/front-door-ab.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { median } from "./stats";

/** workerd processes started by this one (Miniflare starts one per instance, as a child). */
function workerdChildren(): Set<number> {
  const tasks = readdirSync("/proc/self/task");
  const pids = tasks.flatMap((t) => readFileSync(`/proc/self/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
  return new Set(pids.filter((pid) => readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "workerd"));
}

/** CPU milliseconds of all of a process's threads so far: time on a CPU in /proc/PID/task/TID/schedstat, in ns. */
function cpuMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
  return ns / 1e6;
}

/** Starts something that runs one workerd, and finds that workerd's pid. */
export async function withPid<T>(start: () => Promise<T>): Promise<{ started: T; pid: number }> {
  const known = workerdChildren();
  const started = await start();
  const pids = [...workerdChildren()].filter((pid) => !known.has(pid));
  if (pids.length !== 1) throw new Error(`expected one new workerd process, found ${pids.length}`);
  return { started, pid: pids[0] };
}

/** Per copy, one figure per round (µs): p50 latency and workerd CPU per request. */
export interface RoundFigures {
  p50: number[][];
  cpu: number[][];
}

export async function interleavedRounds(
  copies: readonly { url: string; pid: number }[],
  once: (url: string) => Promise<number>,
  options: { rounds: number; perRound: number; warmup: number; label: string },
): Promise<RoundFigures> {
  for (let n = 0; n < options.warmup; n++) for (const c of copies) await once(c.url);
  const p50 = copies.map(() => [] as number[]);
  const cpu = copies.map(() => [] as number[]);
  for (let r = 0; r < options.rounds; r++) {
    const samples = copies.map(() => [] as number[]);
    const before = copies.map((c) => cpuMs(c.pid));
    for (let n = 0; n < options.perRound; n++) {
      for (let k = 0; k < copies.length; k++) {
        const i = (k + r) % copies.length;
        samples[i].push(await once(copies[i].url));
      }
    }
    copies.forEach((c, i) => {
      p50[i].push(median(samples[i]) * 1000);
      cpu[i].push(((cpuMs(c.pid) - before[i]) / options.perRound) * 1000);
    });
    process.stderr.write(`${options.label}: round ${r + 1}/${options.rounds}\n`);
  }
  return { p50, cpu };
}
