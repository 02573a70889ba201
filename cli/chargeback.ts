/**
 * The month's chargeback for finance, from ledger rows: usage per environment, workload, gateway
 * key, provider and model (cached and unpriced requests as columns), each key's and each
 * workload's total, the workload's against its budget
 * (a direct workload's budget is "not metered by the gateway", never 0% used; a hybrid's share is
 * the gateway's part only), per-environment totals with the hours the ledger covers and its gaps,
 * and the grand total. Nothing is dropped: rows of an environment other than the --budgets stack's
 * are reported under their own environment. Pure: rows, checkpoints and the clock in, data out.
 */
import type { Checkpoint } from "../runtime/usage-export/checkpoint";
import { formerLabels } from "../stacks/renames";
import { addTotals, zeroTotals, type LedgerRow, type UsageTotals } from "../runtime/usage-export/ledger-row";
import { addBudgetSpend } from "../runtime/usage-export/metrics";
import { compareUsd, UsdSum } from "../runtime/usage-export/money";
import type { WorkloadSpec } from "../stacks/schema";

/** 2: usage lines are per gateway key too (`keyName`), and `keys` lists each key's totals. */
export const CHARGEBACK_SCHEMA_VERSION = 2;

export interface UsageLine extends UsageTotals {
  environment: string;
  workload: string;
  /** The gateway key label the requests came through; empty (NO_KEY) when they named none. */
  keyName: string;
  provider: string;
  model: string;
}

export interface KeyLine extends UsageTotals {
  environment: string;
  workload: string;
  /** The gateway key label; empty (NO_KEY) for requests that named none. */
  keyName: string;
  /**
   * In the --budgets stack's environment, under one of its workloads, but not one of that
   * workload's keys: a key removed from the stack, requests that named no key, forged metadata.
   */
  notInStack?: boolean;
}

/** How much of a workload's spend the gateway sees. */
export type Metering = "gateway" | "gateway traffic only" | "not metered by the gateway";

export interface WorkloadLine extends UsageTotals {
  environment: string;
  workload: string;
  /** From the --budgets stack, for its environment's workloads. */
  budget?: {
    monthlyUsd: number;
    metering: Metering;
    /** What counts toward the budget: the cost, plus requests logged without one at the stack's fallback price; absent when not metered. */
    spendUsd?: string;
    /** spendUsd as a share of the budget; absent when not metered. */
    usedPercent?: number;
  };
  /** In the --budgets stack's environment but not a workload of its stack file (e.g. unattributed). */
  notInStack?: boolean;
}

export interface Gap {
  from: string;
  /** Exclusive. */
  until: string;
  hours: number;
  why: string;
}

export interface Coverage {
  /** Whole hours of the month that have passed. */
  hours: number;
  /** Of which exported and verified; undefined when no checkpoint was found. */
  covered?: number;
  gaps: Gap[];
  /** Hours that have ledger rows (an hour without requests has none). */
  hoursWithRows: number;
  /** Entries the exporter could not count exactly: kept aside, not in any sum. */
  quarantined: number;
  /** Where coverage was read from, or why it is unknown. */
  checkpoint: { key: string; found: boolean };
}

export interface EnvironmentTotal extends UsageTotals {
  environment: string;
  coverage: Coverage;
}

export interface Chargeback {
  kind: "switchyard-chargeback";
  schemaVersion: typeof CHARGEBACK_SCHEMA_VERSION;
  month: string;
  source: string;
  /** The --budgets stack: its file and environment. */
  budgets?: { file: string; environment: string };
  /** Usage per environment, workload, key, provider and model: these sum to `total`. */
  usage: UsageLine[];
  /** Per environment, workload and key; with --budgets, every key of the stack's workloads, with or without rows. */
  keys: KeyLine[];
  workloads: WorkloadLine[];
  environments: EnvironmentTotal[];
  total: UsageTotals;
}

export interface BudgetStack {
  file: string;
  environment: string;
  workloads: Readonly<Record<string, Pick<WorkloadSpec, "path" | "budget" | "renamedFrom"> & { keys: ReadonlyArray<{ name: string }> }>>;
  /** `provider/model` -> exact US dollars per request (the stack's usageLedger.fallbackPrices), as the exporter counts budgets. */
  fallbackPrices?: Readonly<Record<string, string>>;
}

export interface EnvironmentState {
  checkpoint?: Checkpoint;
  checkpointKey: string;
  quarantined: number;
}

const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

export function monthBounds(month: string): { start: number; end: number } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return { start: Date.UTC(y, m - 1, 1), end: Date.UTC(y, m, 1) };
}

/** Which hours of the month the exporter has read and verified, and why the others are not. */
export function coverageOf(month: string, state: EnvironmentState, hoursWithRows: ReadonlySet<string>, nowMs: number): Coverage {
  const { start, end } = monthBounds(month);
  const last = Math.min(end, Math.floor(nowMs / HOUR_MS) * HOUR_MS);
  const hours = Math.max(0, (last - start) / HOUR_MS);
  const base = { hours, hoursWithRows: [...hoursWithRows].filter((h) => h.startsWith(`${month}-`)).length, quarantined: state.quarantined, checkpoint: { key: state.checkpointKey, found: state.checkpoint !== undefined } };
  const c = state.checkpoint;
  if (!c) return { ...base, gaps: [] };
  const ledgerStart = Date.parse(c.ledgerStart);
  const frontier = Date.parse(c.frontier);
  const failed = c.failed.map((w) => ({ start: Date.parse(w.start), end: Date.parse(w.end), problem: w.problem }));
  const deleted = (c.deleted).map((w) => ({ start: Date.parse(w.start), end: Date.parse(w.end) }));
  const disagreements = new Map((c.disagreements ?? []).map((d) => [Date.parse(d.hour), d]));
  const why = (h: number): string | undefined => {
    if (h < ledgerStart) return "before the ledger started";
    if (deleted.some((w) => w.start < h + HOUR_MS && w.end > h)) return "logs deleted by the gateway before they were read (gateway.logs.maxStored too small for the traffic, or the exporter was down)";
    if (h + HOUR_MS > frontier) return "not exported yet";
    const d = disagreements.get(h);
    if (d) return `the ledger counts ${d.ledger} logs where the gateway, which keeps the whole hour, serves ${d.api} (a log deleted by hand, or its created_at moved by more than an hour)`;
    const f = failed.find((w) => w.start < h + HOUR_MS && w.end > h);
    return f ? `read did not verify: ${f.problem}` : undefined;
  };
  const gaps: Gap[] = [];
  let covered = 0;
  for (let h = start; h < last; h += HOUR_MS) {
    const reason = why(h);
    if (reason === undefined) {
      covered++;
      continue;
    }
    const open = gaps.at(-1);
    if (open && open.why === reason && open.until === iso(h)) {
      open.until = iso(h + HOUR_MS);
      open.hours++;
    } else gaps.push({ from: iso(h), until: iso(h + HOUR_MS), hours: 1, why: reason });
  }
  return { ...base, covered, gaps };
}

const meteringOf = (path: WorkloadSpec["path"]): Metering => (path === "gateway" ? "gateway" : path === "hybrid" ? "gateway traffic only" : "not metered by the gateway");

export function summarize(input: {
  rows: readonly LedgerRow[];
  month: string;
  source: string;
  budgets?: BudgetStack;
  /** Per environment: its checkpoint (if found) and quarantined entries. */
  states: ReadonlyMap<string, EnvironmentState>;
  nowMs: number;
}): Chargeback {
  const { month } = input;
  const rows = input.rows.filter((r) => r.hour.startsWith(`${month}-`));
  const usage = new Map<string, UsageLine>();
  const keys = new Map<string, KeyLine>();
  const workloads = new Map<string, WorkloadLine>();
  const environments = new Map<string, UsageTotals>();
  const hours = new Map<string, Set<string>>();
  const total = zeroTotals();
  const entry = <T>(map: Map<string, T>, key: string, make: () => T): T => map.get(key) ?? map.set(key, make()).get(key)!;
  const b = input.budgets;
  // A renamed workload's rows logged under a former label are its own: keys and budget follow the
  // workload (usage lines keep the label as logged).
  const former = b ? formerLabels(b.workloads) : new Map<string, string>();
  const workloadOf = (r: LedgerRow) => (b && r.environment === b.environment ? (former.get(r.workload) ?? r.workload) : r.workload);
  // Budgets are judged as the exporter's budget notices judge them (runtime/usage-export/metrics.ts).
  const budgetSpend = new Map<string, UsdSum>();
  for (const r of rows) {
    const workload = workloadOf(r);
    if (b && r.environment === b.environment) addBudgetSpend(entry(budgetSpend, workload, () => new UsdSum()), r, b.fallbackPrices ?? {});
    addTotals(entry(usage, [r.environment, r.workload, r.keyName, r.provider, r.model].join("\u0000"), () => ({ environment: r.environment, workload: r.workload, keyName: r.keyName, provider: r.provider, model: r.model, ...zeroTotals() })), r);
    addTotals(entry(keys, [r.environment, workload, r.keyName].join("\u0000"), () => ({ environment: r.environment, workload, keyName: r.keyName, ...zeroTotals() })), r);
    addTotals(entry(workloads, `${r.environment}\u0000${workload}`, () => ({ environment: r.environment, workload, ...zeroTotals() })), r);
    addTotals(entry(environments, r.environment, zeroTotals), r);
    entry(hours, r.environment, () => new Set()).add(r.hour);
    addTotals(total, r);
  }
  if (b) {
    entry(environments, b.environment, zeroTotals);
    // Every workload of the stack is listed, with or without rows: a direct one has none to show.
    for (const name of Object.keys(b.workloads)) entry(workloads, `${b.environment}\u0000${name}`, () => ({ environment: b.environment, workload: name, ...zeroTotals() }));
    // And every key of its workloads; a key label a workload does not have is marked.
    for (const [name, w] of Object.entries(b.workloads)) for (const k of w.keys) entry(keys, [b.environment, name, k.name].join("\u0000"), () => ({ environment: b.environment, workload: name, keyName: k.name, ...zeroTotals() }));
    for (const line of keys.values()) {
      const w = line.environment === b.environment && Object.hasOwn(b.workloads, line.workload) ? b.workloads[line.workload] : undefined;
      if (w && !w.keys.some((k) => k.name === line.keyName)) line.notInStack = true;
    }
    for (const line of workloads.values()) {
      if (line.environment !== b.environment) continue;
      const w = Object.hasOwn(b.workloads, line.workload) ? b.workloads[line.workload] : undefined;
      if (!w) line.notInStack = true;
      else if (w.budget) {
        const metering = meteringOf(w.path);
        const spendUsd = budgetSpend.get(line.workload)?.toString() ?? "0";
        line.budget = { monthlyUsd: w.budget.monthlyUsd, metering, ...(metering === "not metered by the gateway" ? {} : { spendUsd, usedPercent: Math.round((Number(spendUsd) / w.budget.monthlyUsd) * 1000) / 10 }) };
      }
    }
  }
  for (const name of input.states.keys()) entry(environments, name, zeroTotals);
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    kind: "switchyard-chargeback",
    schemaVersion: CHARGEBACK_SCHEMA_VERSION,
    month,
    source: input.source,
    ...(b ? { budgets: { file: b.file, environment: b.environment } } : {}),
    usage: [...usage.values()].sort((x, y) => byName(x.environment, y.environment) || byName(x.workload, y.workload) || byName(x.keyName, y.keyName) || compareUsd(y.costUsd, x.costUsd) || byName(x.provider, y.provider) || byName(x.model, y.model)),
    keys: [...keys.values()].sort((x, y) => byName(x.environment, y.environment) || byName(x.workload, y.workload) || byName(x.keyName, y.keyName)),
    workloads: [...workloads.values()].sort((x, y) => byName(x.environment, y.environment) || byName(x.workload, y.workload)),
    environments: [...environments]
      .sort(([x], [y]) => byName(x, y))
      .map(([environment, totals]) => ({
        environment,
        ...totals,
        coverage: coverageOf(month, input.states.get(environment) ?? { checkpointKey: "", quarantined: 0 }, hours.get(environment) ?? new Set(), input.nowMs),
      })),
    total,
  };
}
