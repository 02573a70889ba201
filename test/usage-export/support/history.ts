/**
 * Generated histories for the exporter simulation: gateway traffic (late, very late, unreadable,
 * negative or tiny costs, unknown workloads; two keys per workload, keys the stack does not have,
 * missing or malformed key labels), a schedule and its changes (with the documented
 * re-export: checkpoint deleted), runs with faults (API page faults, 5xx, 429 blocks, failing S3
 * or CloudWatch calls, a process killed mid-run, a slow API against Lambda's limit, two runs at
 * once, runs that never happen), the gateway deleting old logs (and deleting its oldest once it
 * holds maxStored), costs logged as none and filled in later, logs sharing a millisecond served
 * in an order that changes between calls, an API that ignores the filter, month ends. `play` replays one in a World and settles it with clean runs.
 */
import fc from "fast-check";
import type { LogListResponse } from "cloudflare/resources/ai-gateway/logs";
import { checkpointKey } from "../../../runtime/usage-export/checkpoint";
import { CLOSED_AFTER_MINUTES } from "../../../runtime/usage-export/contract";
import type { Fault } from "../../../stand-ins/cloudflare-logs";
import { logEntry } from "../../../stand-ins/cloudflare-logs";
import { ENVIRONMENT, World, type RunFaults } from "./world";

export const WORKLOADS = ["checkout", "search", "batch"];
const LABELS = [...WORKLOADS, "ghost"]; // "ghost": a label the stack does not have
/** The stack's gateway keys: two per workload. */
export const KEYS: Record<string, string[]> = Object.fromEntries(WORKLOADS.map((w) => [w, [`${w}-web`, `${w}-batch`]]));
/** How a log names its key: either of its workload's two, one the stack does not have, none, or a malformed label. */
const KEY_KINDS = ["web", "batch", "forged", "missing", "malformed"] as const;
const MODELS: [string, string][] = [
  ["openai", "gpt-4.1-mini"],
  ["anthropic", "claude-sonnet-4-5"],
  ["workers-ai", "llama-3.1-8b"],
];
const MIN = 60_000;
const HOUR = 60 * MIN;
const SCHEDULES = [5, 10, 15, 30, 60] as const;

export interface GenEntry {
  /** Minutes after the history's start (negative: before it). */
  at: number;
  /** Seconds within that minute, with milliseconds. */
  ms: number;
  delay: "none" | "small" | "late" | "very-late";
  delayMinutes: number;
  label: number;
  /** Index into KEY_KINDS. */
  key: number;
  model: number;
  cost: { pico: number } | "missing" | "negative";
  unreadableTime: boolean;
  success: boolean;
  cached: boolean;
  /** A missing cost the gateway fills in this many minutes after the log is visible (a revised row). */
  filledAfter?: number;
}

/** What goes wrong in one run (most runs: nothing). */
export type GenRun =
  | { kind: "clean" }
  /** API answers with faults, by the run's request number. */
  | { kind: "api"; faults: [number, Fault][] }
  | { kind: "s3"; failAt: number }
  | { kind: "cloudwatch"; failAt: number }
  | { kind: "kill"; at: number }
  /** 20 s per API call: the run reaches Lambda's deadline. */
  | { kind: "slow" }
  /**
   * A second run at the same time, started `offset` minutes later, on the same schedule or (a
   * deploy that changed it while a run was going) on `schedule`; `seed` shuffles the interleaving.
   */
  | { kind: "concurrent"; seed: number; offset: number; failAt?: number; schedule?: (typeof SCHEDULES)[number] }
  /** The run never happens (an outage). */
  | { kind: "skip" };

export interface GenHistory {
  /** Minutes before 2026-12-01T00:00Z the history starts (so some cross a month end). */
  beforeMonthEnd: number;
  schedule: (typeof SCHEDULES)[number];
  change?: { atRun: number; schedule: (typeof SCHEDULES)[number]; deleteCheckpoint: boolean };
  horizon: number;
  filters: "json" | "ignore";
  entries: GenEntry[];
  runs: GenRun[];
  /** The gateway deletes logs older than 8 hours at this run (longer than any log arrives late plus two schedule periods). */
  rotateAtRun?: number;
  /** The gateway keeps this many logs, deleting its oldest (gateway.logs.maxStored, given to the exporter too). */
  maxStored?: number;
  /** Logs of the same millisecond come back in an order that changes between calls; times are whole seconds (more ties). */
  unstableTies?: boolean;
}

const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.constant<Fault>({ kind: "empty" }),
  fc.constant<Fault>({ kind: "null" }),
  fc.integer({ min: 0, max: 49 }).map((keep): Fault => ({ kind: "short", keep })),
  fc.integer({ min: 5, max: 30 }).map((serve): Fault => ({ kind: "echo-not-served", serve })),
  fc.constantFrom<Fault>({ kind: "status", status: 500 }, { kind: "status", status: 503 }, { kind: "status", status: 429, retryAfter: 300 }, { kind: "status", status: 429, retryAfter: 5 }),
);

const run: fc.Arbitrary<GenRun> = fc.oneof(
  { weight: 30, arbitrary: fc.constant<GenRun>({ kind: "clean" }) },
  { weight: 6, arbitrary: fc.array(fc.tuple(fc.integer({ min: 1, max: 8 }), fault), { minLength: 1, maxLength: 3 }).map((faults): GenRun => ({ kind: "api", faults })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 60 }).map((failAt): GenRun => ({ kind: "s3", failAt })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }).map((failAt): GenRun => ({ kind: "cloudwatch", failAt })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 80 }).map((at): GenRun => ({ kind: "kill", at })) },
  { weight: 1, arbitrary: fc.constant<GenRun>({ kind: "slow" }) },
  {
    weight: 1,
    arbitrary: fc
      .record({ seed: fc.integer(), offset: fc.integer({ min: 0, max: 59 }), failAt: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }), schedule: fc.option(fc.constantFrom(...SCHEDULES), { nil: undefined }) })
      .map((c): GenRun => ({ kind: "concurrent", ...c })),
  },
  { weight: 1, arbitrary: fc.constant<GenRun>({ kind: "skip" }) },
);

const runs = fc.array(run, { minLength: 2, maxLength: 9 });

const entry: fc.Arbitrary<GenEntry> = fc.record({
  at: fc.integer({ min: -60, max: 120 }),
  ms: fc.integer({ min: 0, max: 59_999 }),
  delay: fc.oneof({ weight: 7, arbitrary: fc.constant<GenEntry["delay"]>("none") }, { weight: 2, arbitrary: fc.constantFrom<GenEntry["delay"]>("small", "late") }, { weight: 1, arbitrary: fc.constant<GenEntry["delay"]>("very-late") }),
  delayMinutes: fc.integer({ min: 0, max: 1000 }),
  label: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: WORKLOADS.length - 1 }) }, { weight: 1, arbitrary: fc.constantFrom(LABELS.length - 1, -1) }),
  key: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(0, 1) }, { weight: 1, arbitrary: fc.constantFrom(2, 3, 4) }),
  model: fc.integer({ min: 0, max: MODELS.length - 1 }),
  cost: fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 0, max: 5_000_000_000 }).map((pico) => ({ pico })) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 999 }).map((pico) => ({ pico })) }, // under a nano-dollar
    { weight: 1, arbitrary: fc.constantFrom<GenEntry["cost"]>("missing", "negative") },
  ),
  unreadableTime: fc.oneof({ weight: 40, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  success: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  cached: fc.boolean(),
  filledAfter: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
});

export const history: fc.Arbitrary<GenHistory> = fc
  .record(
    {
      beforeMonthEnd: fc.oneof(fc.integer({ min: 0, max: 240 }), fc.integer({ min: 600, max: 3000 })),
      schedule: fc.constantFrom(...SCHEDULES),
      change: fc.record({ atRun: fc.integer({ min: 1, max: 8 }), schedule: fc.constantFrom(...SCHEDULES), deleteCheckpoint: fc.boolean() }),
      horizon: fc.constantFrom(30, 60),
      filters: fc.oneof({ weight: 4, arbitrary: fc.constant<"json">("json") }, { weight: 1, arbitrary: fc.constant<"ignore">("ignore") }),
      entries: fc.array(entry, { maxLength: 60, size: "medium" }),
      runs,
      rotateAtRun: fc.integer({ min: 1, max: 8 }),
      maxStored: fc.integer({ min: 10, max: 60 }),
      unstableTies: fc.boolean(),
    },
    { requiredKeys: ["beforeMonthEnd", "schedule", "horizon", "filters", "entries", "runs"] },
  );

/** Deterministic small PRNG for interleavings. */
function random(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const yields = (seed: number) => {
  const next = random(seed);
  return async () => {
    for (let i = Math.floor(next() * 3); i > 0; i--) await new Promise((resolve) => setImmediate(resolve));
  };
};

export interface Played {
  world: World;
  /** Where the ledger begins and where every run after settling has read to. */
  ledgerStart: number;
  frontier: number;
  /** Schedule segments, for evaluating the alarms deployed in each. */
  segments: { from: number; to: number; exportEveryMinutes: number }[];
  horizon: number;
}

/**
 * The labels a generated log is counted under, from the generator's own choices: the workload as
 * written (a well-formed label is kept, known or not) or `unattributed`; the key as written, or
 * empty when there is none or it is malformed. The simulation's oracle, independent of the
 * exporter's metadata parser.
 */
export function labelsWritten(g: Pick<GenEntry, "label" | "key">): { workload: string; keyName: string; metadata: string } {
  const workload = g.label < 0 ? undefined : LABELS[g.label];
  const kind = KEY_KINDS[g.key];
  const owner = workload ?? "nobody";
  const keyName = kind === "web" || kind === "batch" ? `${owner}-${kind}` : kind === "forged" ? `${owner}-forged` : kind === "malformed" ? "Not A Label" : undefined;
  const metadata = JSON.stringify({ ...(workload ? { workload } : {}), ...(keyName !== undefined ? { keyName } : {}), environment: ENVIRONMENT, cohort: "primary" });
  return { workload: workload ?? "unattributed", keyName: kind === "missing" || kind === "malformed" ? "" : keyName!, metadata };
}

/** The log's versions: the first, and (a cost filled in later) the revised one from when it replaces it. */
function logOf(g: GenEntry, start: number, horizon: number, schedule: number, i: number, wholeSeconds = false): { entry: LogListResponse; at: number; visibleAt: number; removedAt?: number }[] {
  const at = start + g.at * MIN + (wholeSeconds ? Math.floor((g.ms % MIN) / 1000) * 1000 : g.ms % MIN);
  const [provider, model] = MODELS[g.model];
  const cost = g.cost === "missing" ? undefined : g.cost === "negative" ? -0.25 : g.cost.pico / 1e12;
  const entry = logEntry({
    at: g.unreadableTime ? unreadable(at) : new Date(at).toISOString(),
    id: simId(i),
    provider,
    model,
    cost,
    success: g.success,
    cached: g.cached,
    tokensIn: 10 + (g.delayMinutes % 500),
    tokensOut: g.ms % 300,
    metadata: labelsWritten(g).metadata,
  });
  const late = { none: 0, small: g.delayMinutes % 9, late: 10 + (g.delayMinutes % Math.max(1, horizon - 10)), "very-late": horizon + CLOSED_AFTER_MINUTES + schedule + 5 + (g.delayMinutes % 90) }[g.delay];
  const visibleAt = at + late * MIN;
  // Filled in while its window is still re-checked (the last re-check reads it again).
  if (g.cost !== "missing" || g.filledAfter === undefined || g.unreadableTime || (g.delay !== "none" && g.delay !== "small")) return [{ entry, at, visibleAt }];
  const filledAt = visibleAt + g.filledAfter * MIN;
  return [
    { entry, at, visibleAt, removedAt: filledAt },
    { entry: { ...entry, cost: (g.delayMinutes + 1) / 1e6 }, at, visibleAt: filledAt },
  ];
}

/** The log id of a history's i-th entry. */
export const simId = (i: number) => `sim-${String(i).padStart(4, "0")}`;

/** A time no client reads as ISO 8601: 30/11/2026 23:05:09. */
function unreadable(ms: number): string {
  const d = new Date(ms).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)} ${d.slice(11, 19)}`;
}

/** Replays a history, then runs clean until every log has been read, re-checked and audited. */
export async function play(h: GenHistory): Promise<Played> {
  const start = Date.parse("2026-12-01T00:00:00Z") - h.beforeMonthEnd * MIN;
  const ledgerStart = start - 60 * MIN;
  const world = new World(start, WORKLOADS, { filters: h.filters, maxStored: h.maxStored, unstableTies: h.unstableTies });
  const logs = h.entries.flatMap((g, i) => logOf(g, start, h.horizon, Math.max(h.schedule, h.change?.schedule ?? 0), i, h.unstableTies));
  world.add(logs);
  const initialStart = new Date(ledgerStart);
  let schedule: number = h.schedule;
  const segments: Played["segments"] = [{ from: start, to: start, exportEveryMinutes: schedule }];
  const config = () => ({ initialStart, exportEveryMinutes: schedule, latenessHorizonMinutes: h.horizon, keys: KEYS, ...(h.maxStored === undefined ? {} : { maxStored: h.maxStored }) });
  let next = start;
  for (let i = 0; i < h.runs.length; i++) {
    if (h.change && h.change.atRun === i) {
      segments.at(-1)!.to = next;
      schedule = h.change.schedule;
      segments.push({ from: next, to: next, exportEveryMinutes: schedule });
      if (h.change.deleteCheckpoint) world.s3.delete(checkpointKey(ENVIRONMENT));
    }
    world.clock = Math.max(world.clock, next);
    if (h.rotateAtRun === i) world.model.removeOlderThan(world.clock - 8 * HOUR, world.clock);
    const r = h.runs[i];
    const faults: RunFaults = {
      api: r.kind === "api" ? new Map(r.faults) : undefined,
      s3FailAt: r.kind === "s3" ? r.failAt : r.kind === "concurrent" ? r.failAt : undefined,
      cloudwatchFailAt: r.kind === "cloudwatch" ? r.failAt : undefined,
      killAt: r.kind === "kill" ? r.at : undefined,
      ...(r.kind === "slow" ? { apiLatencyMs: 20_000, killAfterMs: 900_000 } : {}),
    };
    if (r.kind === "concurrent") {
      // The second run starts later (it plans more windows): both write the same hours, differently.
      const first = world.run(config(), { ...faults, interleave: yields(r.seed) });
      world.clock += (r.offset % schedule) * MIN;
      await Promise.all([first, world.run({ ...config(), exportEveryMinutes: r.schedule ?? schedule }, { interleave: yields(r.seed + 1) })]);
    } else if (r.kind !== "skip") {
      await world.run(config(), faults);
    }
    world.countedIds(); // never a log counted twice, at any moment
    next += schedule * MIN;
  }
  // Settle: clean hourly runs until the last log is visible and its hour has been audited.
  segments.at(-1)!.to = next;
  schedule = 60;
  segments.push({ from: next, to: next, exportEveryMinutes: schedule });
  const lastHour = Math.max(...logs.map((l) => Math.ceil((l.at + 1) / HOUR) * HOUR), start);
  const settled = Math.max(...logs.map((l) => l.visibleAt), lastHour + (CLOSED_AFTER_MINUTES + h.horizon + schedule) * MIN) + 2 * schedule * MIN;
  let frontier = ledgerStart;
  for (let settling = 0; settling < 2 || world.clock < settled; settling++) {
    world.clock = Math.max(world.clock, next);
    const report = await world.run(config());
    if (report instanceof Error) throw report;
    frontier = Date.parse(report.exportedUntil);
    next += schedule * MIN;
  }
  segments.at(-1)!.to = world.clock + 1;
  return { world, ledgerStart, frontier, segments, horizon: h.horizon };
}
