/**
 * One exporter run (the design and its guarantees: docs/ledger.md).
 *
 *  1. Re-check: windows that did not verify are read again; verified windows still inside the
 *     lateness horizon are probed (one call: the API's count) and read again when logs arrived
 *     since. Late logs are merged by id and counted (LateRows).
 *  2. Advance: each closed window after the frontier is read newest first and verified against the
 *     API's count. A window that does not verify is listed as failed and retried every run; the
 *     run goes on with the next one. A window too large for the run's remaining API budget is cut,
 *     and the rest is read by the next run.
 *  3. Audit: the API's count for the current month (and the previous one for its first days)
 *     against the ledger's; a difference is narrowed to hours, which are read and merged
 *     (LateRowsBeyondHorizon, an alarm).
 *  4. Publish: month-to-date for the current month (stamped now) and every month whose rows changed
 *     (stamped inside that month) until published; heartbeat, lag and what the run saw.
 *
 * Every API call waits on one budget shared by the whole run (api-budget.ts); when the budget or
 * the run's time runs out the run stops reading and still publishes step 4.
 */
import { ApiBudget, OutOfTime, PACED_CALLS, systemClock, type Clock } from "./api-budget";
import { CheckpointStore, ConcurrentRunError, checkpointKey, newCheckpoint, type Checkpoint, type Disagreement, type FailedWindow, type VerifiedWindow } from "./checkpoint";
import { CLOSED_AFTER_MINUTES, LATENESS_HORIZON_MINUTES, UNATTRIBUTED, windowMinutesFor, type WorkloadBudget } from "./contract";
import { LogsClient, type LogsSource } from "./cloudflare-logs";
import { hourOf, type CountedEntry } from "./gateway-log";
import { hourOfStateKey, LedgerStore, monthStatePrefix, rowsOf, type MergeResult } from "./ledger-store";
import type { LedgerRow } from "./ledger-row";
import { dueAlerts, sendAlerts, type AlertSink } from "./budget-alerts";
import { eventData, metricWorkload, monthToDate, monthToDateData, runData, windowMetricData, workloadLabels, TOP_MODELS, type MetricsSink, type RunCounters, type WorkloadLabels } from "./metrics";
import { UsdSum } from "./money";
import type { ObjectStore } from "./object-store";
import { probeRange, probeStore, readRange, type Range, type RangeRead } from "./range-read";
import { sliceCounts, slicesOf, usableSlices, worthSlicing } from "./slices";
import { floorHour, HOUR, iso, MINUTE, monthEnd, monthOf, monthStart, previousMonth, windowEnd } from "./windows";

export interface ExportConfig {
  environment: string;
  accountId: string;
  gatewayId: string;
  exportEveryMinutes: number;
  /** The stack file's workload labels: spend under any other label is metered as `unattributed`. */
  workloads: readonly string[];
  /**
   * The stack file's gateway key names per workload. A request of a stack workload under any other
   * key label is kept as written in the ledger and counted in the run's report
   * (`unknownKeyRequests`); keys are never a metric dimension. Without it key labels are not checked.
   */
  keys?: Readonly<Record<string, readonly string[]>>;
  /**
   * Each workload's former labels (the stack file's `renamedFrom`): requests logged under one are
   * metered, budgeted and key-checked as the workload's; the ledger keeps the label as logged.
   */
  renamedFrom?: Readonly<Record<string, readonly string[]>>;
  /** `provider/model` -> exact dollars counted per request the gateway logged without a cost (month-to-date only). */
  fallbackPrices?: Readonly<Record<string, string>>;
  /**
   * gateway.logs.maxStored: with it, every run checks that the gateway has not deleted (its
   * oldest, once full) logs the exporter has not read yet; without it, nothing is checked.
   */
  maxStored?: number;
  /** Per workload with a budget, its thresholds and channels' topics: the run notifies them as month-to-date reaches each (budget-alerts.ts). */
  budgets?: Readonly<Record<string, WorkloadBudget>>;
  /** Where an environment without a checkpoint starts (default: start of the current UTC month). */
  initialStart?: Date;
  closedAfterMinutes?: number;
  latenessHorizonMinutes?: number;
  topModels?: number;
  cloudflareApiBase?: string;
}

export interface ExportDeps {
  store: ObjectStore;
  metrics: MetricsSink;
  /** Where budget notifications go (SNS); without it none are sent. */
  alerts?: AlertSink;
  /** The read-only Cloudflare token. */
  token: string;
  fetch?: typeof fetch;
  clock?: Clock;
  /** Milliseconds left in this invocation (Lambda's context); without it a run lasts at most 15 minutes. */
  remainingMs?: () => number;
}

export type WindowKind = "new" | "recheck" | "retry" | "audit";

export interface WindowReport {
  start: string;
  end: string;
  kind: WindowKind;
  /** Entries this window added to the ledger. */
  fresh: number;
  verified: boolean;
  problem?: string;
}

export interface ExportReport {
  from: string;
  /** The frontier: every window before it has been read at least once. */
  exportedUntil: string;
  windows: WindowReport[];
  /** Month (YYYY-MM) -> metric workload -> month-to-date USD (exact decimal), for the months published. */
  monthToDate: Record<string, Record<string, string>>;
  /** True when closed windows remain, or some did not verify. */
  behind: boolean;
  stoppedBy?: "deadline" | "api-limit" | "concurrent-run";
  counters: RunCounters;
  apiCalls: number;
}

/** Time kept back at the end of a run for publishing. */
export const RESERVE_MS = 120_000;
const DEFAULT_RUN_MS = 900_000;

/**
 * When a run stops reading: before the function's own timeout, and within one schedule period, so a
 * run has published and ended before the schedule starts the next (the function has no reserved
 * concurrency of 1, which Lambda refuses in accounts whose unreserved concurrency is 100 or less:
 * components/usage-ledger.ts). Should two runs meet anyway (a late or retried invocation), the
 * checkpoint's conditional write stops the second (checkpoint.ts). The shortest period
 * (LIMITS.exportEveryMinutes, 5 minutes) leaves 3 minutes of reading.
 */
export function runDeadline(started: number, remainingMs: number, exportEveryMinutes: number): number {
  return started + Math.min(remainingMs, exportEveryMinutes * 60_000) - RESERVE_MS;
}
const READ_ATTEMPTS = 2;
/** Days into a month during which the previous month is still audited (finance closes it after). */
export const AUDIT_PREVIOUS_MONTH_DAYS = 3;
const MAX_FAILED = 500;
/** Every audited hour is compared with the API on its own at least this often (auditHoursAlone). */
export const HOUR_ALONE_EVERY_MS = 24 * HOUR;

/** An audited hour (only the first may start mid-hour: where the ledger begins) and its month's counts by hour. */
interface AuditedHour {
  range: Range;
  counts: ReadonlyMap<string, number>;
}
/** CloudWatch refuses data older than two weeks. */
const CLOUDWATCH_MAX_AGE_MS = 13 * 24 * HOUR;
/** The smallest window the run cuts a large one into. */
const MIN_CUT_MS = 1000;
/** A gateway holding this share of maxStored is taken to be deleting its oldest logs. */
const FULL_SHARE = 0.95;

export function runExport(config: ExportConfig, deps: ExportDeps): Promise<ExportReport> {
  return new ExportRun(config, deps).run();
}

class ExportRun {
  private readonly clock: Clock;
  private readonly started: number;
  private readonly ledger: LedgerStore;
  private readonly checkpoints: CheckpointStore;
  private readonly workloads: WorkloadLabels;
  private readonly windowMinutes: number;
  private readonly closedUntil: number;
  /** A verified window is re-checked until a check at least this long after its end (read delay + lateness horizon). */
  private readonly recheckFor: number;
  private budget!: ApiBudget;
  private client!: LogsClient;
  private cp!: Checkpoint;
  private readonly windows: WindowReport[] = [];
  private readonly counters: RunCounters = { lateRows: 0, lateRowsBeyondHorizon: 0, quarantined: 0, outsideWindow: 0, unattributedSpendUsd: "0", unknownKeyRequests: 0, apiLimitStalls: 0, unverifiedWindows: 0, deletedUnreadMinutes: 0, revisedCosts: 0, unpricedWithoutFallback: 0 };
  /** The last store probe found the gateway full: probe again before each new window. */
  private storeFull = false;
  private readonly monthLedgers = new Map<string, Awaited<ReturnType<LedgerStore["monthLedger"]>>>();
  /** Hours the audit compared with the API on their own in this run (ms of the hour's start). */
  private readonly comparedAlone = new Set<number>();

  constructor(
    private readonly config: ExportConfig,
    private readonly deps: ExportDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.started = this.clock.now();
    this.ledger = new LedgerStore(deps.store, config.environment);
    this.checkpoints = new CheckpointStore(deps.store, checkpointKey(config.environment));
    this.workloads = workloadLabels(config.workloads, config.renamedFrom);
    this.windowMinutes = windowMinutesFor(config.exportEveryMinutes);
    const closedAfter = (config.closedAfterMinutes ?? CLOSED_AFTER_MINUTES) * MINUTE;
    this.closedUntil = this.started - closedAfter;
    this.recheckFor = closedAfter + (config.latenessHorizonMinutes ?? LATENESS_HORIZON_MINUTES) * MINUTE;
  }

  async run(): Promise<ExportReport> {
    const found = await this.checkpoints.read();
    this.cp = found ?? (await this.restartedCheckpoint());
    const from = this.cp.frontier;
    const deadline = runDeadline(this.started, this.deps.remainingMs?.() ?? DEFAULT_RUN_MS, this.config.exportEveryMinutes);
    this.budget = new ApiBudget(this.clock, deadline, PACED_CALLS, this.cp.api.calls, this.cp.api.blockedUntil);
    const source: LogsSource = { accountId: this.config.accountId, gatewayId: this.config.gatewayId, token: this.deps.token, apiBase: this.config.cloudflareApiBase, fetch: this.deps.fetch };
    this.client = new LogsClient(source, this.budget, this.clock);

    let stoppedBy: ExportReport["stoppedBy"];
    let error: unknown;
    try {
      await this.checkDeleted();
      await this.recheck();
      await this.advance();
      await this.audit();
    } catch (err) {
      if (err instanceof OutOfTime) stoppedBy = err.apiLimit ? "api-limit" : "deadline";
      else if (err instanceof ConcurrentRunError) return this.report(from, "concurrent-run", {});
      else error = err;
    }
    // What was exported is published even when the run stopped early or failed.
    this.counters.apiLimitStalls = stoppedBy === "api-limit" ? 1 : 0;
    this.counters.unverifiedWindows = this.cp.failed.length + (this.cp.disagreements?.length ?? 0);
    // Found by this run or by one that died before publishing it.
    this.counters.deletedUnreadMinutes = this.cp.deletedUntoldMinutes;
    let published: ExportReport["monthToDate"] = {};
    try {
      published = await this.publishMonthToDate();
      await this.save();
    } catch (err) {
      if (err instanceof ConcurrentRunError) return this.report(from, "concurrent-run", published);
      error ??= err;
    }
    try {
      await this.deps.metrics.publish(runData(this.config.environment, new Date(this.clock.now()), this.lagMinutes(), this.counters, error === undefined));
      if (this.cp.deletedUntoldMinutes > 0) {
        this.cp.deletedUntoldMinutes = 0;
        await this.save();
      }
    } catch (err) {
      if (err instanceof ConcurrentRunError) return this.report(from, "concurrent-run", published);
      error ??= err;
    }
    if (error !== undefined) throw error;
    return this.report(from, stoppedBy, published);
  }

  /**
   * A checkpoint for an environment that has none: the export starts at `initialStart` (default:
   * the current month's start), but the ledger begins at its earliest hour truth of the audited
   * months when there is one, so a checkpoint deleted during a month's first days does not end the
   * previous month's audit (nor make summarize call it "before the ledger started").
   */
  private async restartedCheckpoint(): Promise<Checkpoint> {
    const start = this.config.initialStart ?? new Date(monthStart(monthOf(this.started)));
    const cp = newCheckpoint(start);
    for (const month of this.auditedMonths()) {
      // S3 lists keys in order: the first truth is the earliest hour.
      const first = (await this.deps.store.list(monthStatePrefix(this.config.environment, month))).map((o) => hourOfStateKey(o.key)).find((hour) => hour !== undefined);
      if (first) {
        cp.ledgerStart = iso(Math.min(start.getTime(), Date.parse(first)));
        break;
      }
    }
    return cp;
  }

  private report(from: string, stoppedBy: ExportReport["stoppedBy"], monthToDate: ExportReport["monthToDate"]): ExportReport {
    return {
      from,
      exportedUntil: this.cp.frontier,
      windows: this.windows,
      monthToDate,
      behind: this.cp.failed.length > 0 || windowEnd(Date.parse(this.cp.frontier), this.windowMinutes) <= this.closedUntil,
      ...(stoppedBy ? { stoppedBy } : {}),
      counters: this.counters,
      apiCalls: this.client.calls,
    };
  }

  /** Minutes between now and the oldest moment not yet read and verified. */
  private lagMinutes(): number {
    const oldest = Math.min(Date.parse(this.cp.frontier), ...this.cp.failed.map((f) => Date.parse(f.start)));
    return (this.clock.now() - oldest) / MINUTE;
  }

  private async save(): Promise<void> {
    this.cp.recent = this.cp.recent.filter((w) => this.stillRechecked(w));
    this.cp.api = { calls: this.budget.recent(), blockedUntil: this.budget.blockedUntil };
    this.cp.updatedAt = iso(this.clock.now());
    await this.checkpoints.write(this.cp);
  }

  /** Failed windows again, then a count probe of each verified window inside the horizon. */
  private async recheck(): Promise<void> {
    for (const failed of [...this.cp.failed]) {
      const range = { start: Date.parse(failed.start), end: Date.parse(failed.end) };
      const slices = usableSlices(range, failed.slices);
      if (slices) {
        await this.retrySlices(range, failed, slices);
        continue;
      }
      const read = await this.readAndMerge(range, "retry");
      this.cp.failed = this.cp.failed.filter((f) => f !== failed);
      if (read === "too-big") {
        // Too large for what is left of this run: halve it for the next runs.
        const mid = range.start + Math.floor((range.end - range.start) / 2);
        this.cp.failed.push({ ...failed, end: iso(mid) }, { ...failed, start: iso(mid) });
      } else this.settle(range, read, failed);
      await this.save();
      if (read !== "too-big") await this.retryNowBySlices(range);
    }
    for (const window of this.cp.recent.filter((w) => this.stillRechecked(w))) {
      const range = { start: Date.parse(window.start), end: Date.parse(window.end) };
      // Its last check: a window that held logs without a cost is read again (costs filled in since).
      const last = this.started >= Date.parse(window.end) + this.recheckFor;
      const probe = window.reread && last ? { count: undefined, outside: 0 } : await probeRange(this.client, range);
      this.counters.outsideWindow += probe.outside;
      // Fewer than before means the gateway deleted old logs: the ledger keeps what it counted.
      if (probe.count !== undefined && probe.count <= window.count) {
        window.checkedAt = iso(this.started);
        continue;
      }
      const slices = usableSlices(range, window.slices);
      if (probe.count !== undefined && slices) {
        await this.recheckSlices(range, window, slices, probe.count);
        continue;
      }
      const read = await this.readAndMerge(range, "recheck");
      if (read === "too-big") continue;
      this.cp.recent = this.cp.recent.filter((w) => w !== window);
      this.settle(range, read);
      await this.save();
      await this.retryNowBySlices(range);
    }
  }

  /**
   * A window whose read did not verify (logs arrived above the read position, a short page): each
   * slice's count is probed and only the slices the API holds more logs in are read again. When
   * every slice agrees, the window is verified; otherwise it stays failed with what was learnt.
   */
  private async retrySlices(range: Range, failed: FailedWindow, slices: number[]): Promise<void> {
    const counts = [...slices];
    let problem: string | undefined;
    let reread = failed.reread ?? false;
    let sliceable = true;
    for (const [i, slice] of slicesOf(range).entries()) {
      const probe = await probeRange(this.client, slice);
      this.counters.outsideWindow += probe.outside;
      if (probe.count === undefined) {
        // The filter was not applied: the next retry reads the window whole.
        [problem, sliceable] = ["the API gave no count for a slice", false];
        break;
      }
      if (probe.count <= counts[i]) {
        counts[i] = probe.count;
        continue;
      }
      const read = await this.readAndMerge(slice, "retry");
      if (read === "too-big") problem ??= "a slice too large for what was left of the run";
      else {
        if (read.entries.some((e) => e.costUsd === undefined)) reread = true;
        if (read.verified) counts[i] = read.apiCount ?? probe.count;
        else problem ??= read.problem ?? "not verified";
      }
    }
    this.cp.failed = this.cp.failed.filter((f) => f !== failed);
    if (problem === undefined) {
      const window = { start: failed.start, end: failed.end, count: counts.reduce((a, b) => a + b, 0), checkedAt: iso(this.started), slices: counts, ...(reread ? { reread: true } : {}) };
      if (this.stillRechecked(window)) this.cp.recent.push(window);
    } else this.cp.failed.push({ ...failed, problem, ...(sliceable ? { slices: counts } : { slices: undefined }), ...(reread ? { reread: true } : {}) });
    await this.save();
  }

  /**
   * A verified window whose count rose (late logs): each slice's count is probed, and only the
   * slices that grew are read again. A slice read that does not verify is retried on its own.
   */
  private async recheckSlices(range: Range, window: VerifiedWindow, slices: number[], count: number): Promise<void> {
    for (const [i, slice] of slicesOf(range).entries()) {
      const probe = await probeRange(this.client, slice);
      this.counters.outsideWindow += probe.outside;
      if (probe.count !== undefined && probe.count <= slices[i]) continue;
      const read = await this.readAndMerge(slice, "recheck");
      if (read === "too-big") continue;
      if (read.entries.some((e) => e.costUsd === undefined)) window.reread = true;
      if (read.verified) slices[i] = read.apiCount ?? slices[i];
      else this.settle(slice, read);
    }
    window.count = count;
    window.checkedAt = iso(this.started);
    await this.save();
  }

  /** Every closed window after the frontier, oldest first. */
  private async advance(): Promise<void> {
    for (;;) {
      const start = Date.parse(this.cp.frontier);
      const end = windowEnd(start, this.windowMinutes);
      if (end > this.closedUntil || this.cp.failed.length >= MAX_FAILED) return;
      if (this.storeFull) await this.checkDeleted();
      await this.newWindow({ start, end });
    }
  }

  private async newWindow(range: Range): Promise<void> {
    const read = await this.readAndMerge(range, "new");
    if (read === "too-big") {
      // Read a prefix that fits the run's remaining budget; the next call (or run) reads the rest.
      const share = Math.min(0.5, (0.8 * this.budget.remaining()) / Math.max(1, this.lastPagesNeeded));
      const cut = range.start + Math.floor((range.end - range.start) * share);
      if (cut - range.start < MIN_CUT_MS) throw new OutOfTime(this.budget.limitBinds());
      await this.newWindow({ start: range.start, end: cut });
      await this.newWindow({ start: cut, end: range.end });
      return;
    }
    this.settle(range, read);
    this.cp.frontier = iso(range.end);
    await this.save();
    await this.retryNowBySlices(range);
  }

  /**
   * Whether the gateway deleted logs not read yet: it is full (about maxStored logs) and its oldest
   * log is newer than the start of an unread window (the frontier, a failed window) or of a window
   * still re-checked for late logs (a late log there may have been deleted before a re-check read
   * it). That time is recorded as deleted: its hours are never reported verified, and
   * LogsDeletedUnreadMinutes raises an alarm. One call (oldest first, one entry).
   */
  private async checkDeleted(): Promise<void> {
    const maxStored = this.config.maxStored;
    if (maxStored === undefined) return;
    const store = await probeStore(this.client, this.clock.now());
    this.storeFull = store.total !== undefined && store.total >= FULL_SHARE * maxStored;
    if (!this.storeFull || store.oldestMs === undefined) return;
    const open = [...this.cp.failed, ...this.cp.recent.filter((w) => this.stillRechecked(w))].map((w) => ({ start: Date.parse(w.start), end: Date.parse(w.end) }));
    const unread = [...open, { start: Date.parse(this.cp.frontier), end: Number.POSITIVE_INFINITY }];
    for (const range of unread) if (range.start < store.oldestMs) this.markDeleted({ start: range.start, end: Math.min(range.end, store.oldestMs) }, store.total!);
  }

  /** Records time whose logs the gateway deleted unread (merged with what is recorded already). */
  private markDeleted(range: Range, stored: number): void {
    const length = (ws: readonly { start: string; end: string }[]) => ws.reduce((n, w) => n + Date.parse(w.end) - Date.parse(w.start), 0);
    const before = length(this.cp.deleted);
    const all = [...this.cp.deleted, { start: iso(range.start), end: iso(range.end), found: iso(this.started), stored }].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    const merged: Checkpoint["deleted"] = [];
    for (const w of all) {
      const last = merged.at(-1);
      if (last && Date.parse(w.start) <= Date.parse(last.end)) last.end = iso(Math.max(Date.parse(last.end), Date.parse(w.end)));
      else merged.push({ ...w });
    }
    this.cp.deleted = merged;
    this.cp.deletedUntoldMinutes += (length(merged) - before) / MINUTE;
  }

  /**
   * Whether a verified window is still re-checked: until it has been checked once the read delay
   * plus the lateness horizon after its end, whatever the schedule was in between.
   */
  private stillRechecked(window: VerifiedWindow): boolean {
    return Date.parse(window.checkedAt) < Date.parse(window.end) + this.recheckFor;
  }

  /** Records a finished read: verified windows are re-checked while in the horizon, others retried. */
  private settle(range: Range, read: RangeRead, previous?: FailedWindow): void {
    if (read.verified) {
      const unpriced = read.entries.some((e) => e.costUsd === undefined);
      const window = { start: iso(range.start), end: iso(range.end), count: read.apiCount ?? -1, checkedAt: iso(this.started), ...(unpriced ? { reread: true } : {}), slices: sliceCounts(range, read.entries) };
      if (this.stillRechecked(window)) this.cp.recent.push(window);
    } else {
      const unpriced = read.entries.some((e) => e.costUsd === undefined) || previous?.reread;
      this.cp.failed.push({ start: iso(range.start), end: iso(range.end), problem: read.problem ?? "not verified", since: previous?.since ?? iso(this.started), slices: sliceCounts(range, read.entries), ...(unpriced ? { reread: true } : {}) });
    }
  }

  private lastPagesNeeded = 1;

  /** Reads a range (twice if the first read does not verify) and merges what it read into its hour. */
  private async readAndMerge(range: Range, kind: WindowKind): Promise<RangeRead | "too-big"> {
    let read: RangeRead | undefined;
    for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
      read = await readRange(this.client, range, kind === "new" || kind === "retry" ? () => this.budget.remaining() : undefined);
      if (read.pagesNeeded !== undefined) {
        this.lastPagesNeeded = read.pagesNeeded;
        return "too-big";
      }
      this.counters.outsideWindow += read.outside;
      // The API's own count for a window read for the first time fell during the read, below what
      // it served: logs deleted before the read reached them.
      if (read.vanished && kind === "new") this.markDeleted(range, read.apiCount ?? 0);
      const merged = await this.ledger.merge(hourOf(range.start), read.entries, read.quarantined, (result) => this.announce(range, kind, result), new Date(this.started));
      this.counters.revisedCosts += merged.revised.length;
      // A read may have changed (or, after a killed run, repaired) its month's hour files: a past
      // month's month-to-date is published again, this run or the next.
      const month = monthOf(range.start);
      this.monthLedgers.delete(month);
      if (month !== monthOf(this.started) && !this.cp.pendingMonths.includes(month)) this.cp.pendingMonths.push(month);
      this.windows.push({ start: iso(range.start), end: iso(range.end), kind, fresh: merged.fresh.length, verified: read.verified, ...(read.problem ? { problem: read.problem } : {}) });
      // A large window is not read whole a second time: settle() keeps what each slice holds, and
      // the retry reads only the slices the API holds more in (retryNowBySlices, the next runs).
      if (read.verified || worthSlicing(read.apiCount ?? 0, slicesOf(range).length)) break;
    }
    return read!;
  }

  /** The failed window of this range, retried at once by slices when it can be. */
  private async retryNowBySlices(range: Range): Promise<void> {
    const failed = this.cp.failed.find((f) => Date.parse(f.start) === range.start && Date.parse(f.end) === range.end);
    const slices = usableSlices(range, failed?.slices);
    if (failed && slices) await this.retrySlices(range, failed, slices);
  }

  /** New entries, before they are written: their metrics (at least once) and the run's counters. */
  private async announce(range: Range, kind: WindowKind, result: MergeResult): Promise<void> {
    const fresh = result.fresh;
    const unattributed = new UsdSum();
    for (const entry of fresh) if (metricWorkload(entry.workload, this.workloads) === UNATTRIBUTED && entry.costUsd) unattributed.add(entry.costUsd);
    // A revised cost changes unattributed spend by the difference (a cost filled in later: all of it).
    result.revisedEntries.forEach((entry, i) => {
      const { from, to } = result.revised[i];
      if (metricWorkload(entry.workload, this.workloads) === UNATTRIBUTED) unattributed.add(to ?? "0").add(from === null || from === "0" ? "0" : `-${from}`);
    });
    const events = {
      lateRows: kind === "recheck" ? fresh.length : 0,
      lateRowsBeyondHorizon: kind === "audit" ? fresh.length : 0,
      quarantined: result.freshQuarantined.length,
      unattributedSpendUsd: unattributed.toString(),
    };
    this.counters.lateRows += events.lateRows;
    this.counters.lateRowsBeyondHorizon += events.lateRowsBeyondHorizon;
    this.counters.quarantined += events.quarantined;
    this.counters.unattributedSpendUsd = new UsdSum(this.counters.unattributedSpendUsd).add(events.unattributedSpendUsd).toString();
    // A stack workload's request under a key label the workload does not have: reported, its spend stays the workload's.
    const keys = this.config.keys;
    const workloadOf = (e: CountedEntry) => this.workloads.get(e.workload);
    const knownKey = (e: CountedEntry) => keys !== undefined && Object.hasOwn(keys, workloadOf(e)!) && keys[workloadOf(e)!].includes(e.keyName);
    const prices = this.config.fallbackPrices ?? {};
    this.counters.unpricedWithoutFallback += fresh.filter((e) => e.costUsd === undefined && !Object.hasOwn(prices, `${e.provider}/${e.model}`)).length;
    if (keys) this.counters.unknownKeyRequests += fresh.filter((e) => workloadOf(e) !== undefined && !knownKey(e)).length;
    const usage = range.start > this.clock.now() - CLOUDWATCH_MAX_AGE_MS ? windowMetricData(this.config.environment, rowsOf(this.config.environment, fresh), new Date(range.start), this.config.topModels ?? TOP_MODELS) : [];
    const data = [...usage, ...eventData(this.config.environment, new Date(this.clock.now()), events)];
    if (data.length) await this.deps.metrics.publish(data);
  }

  private async rowsOfMonth(month: string): Promise<LedgerRow[]> {
    return (await this.monthLedger(month)).rows;
  }

  private async monthLedger(month: string): Promise<Awaited<ReturnType<LedgerStore["monthLedger"]>>> {
    let ledger = this.monthLedgers.get(month);
    if (!ledger) this.monthLedgers.set(month, (ledger = await this.ledger.monthLedger(month)));
    return ledger;
  }

  /** The API's count against the ledger's for the audited months, narrowed to hours where they differ. */
  private async audit(): Promise<void> {
    // Only what is read and past its re-checks: the hours before the oldest window still re-checked.
    // A window that does not verify holds back only its own hours: it is retried on its own, and
    // the hours before and after it are audited (one window must not switch the audit off).
    const end = floorHour(Math.min(Date.parse(this.cp.frontier), ...this.cp.recent.map((w) => Date.parse(w.start))));
    const ledgerStart = Date.parse(this.cp.ledgerStart);
    const pending = this.cp.failed.map((w) => ({ start: floorHour(Date.parse(w.start)), end: floorHour(Date.parse(w.end) - 1) + HOUR }));
    const hours: AuditedHour[] = [];
    for (const month of this.auditedMonths()) {
      const whole = { start: Math.max(monthStart(month), ledgerStart), end: Math.min(monthEnd(month), end) };
      if (whole.end <= whole.start) continue;
      // What the API should count per hour: the hour's rows, quarantined entries, and ids it serves there that another hour counts.
      const counts = new Map<string, number>(await this.ledger.monthQuarantine(month));
      const { rows, elsewhere } = await this.monthLedger(month);
      for (const row of rows) counts.set(row.hour, (counts.get(row.hour) ?? 0) + row.requests);
      for (const [hour, n] of elsewhere) counts.set(hour, (counts.get(hour) ?? 0) + n);
      const ranges = without(whole, pending);
      for (const range of ranges) if (!(await this.narrow(range, counts))) return;
      for (const range of ranges) for (let h = floorHour(range.start); h < range.end; h += HOUR) hours.push({ range: { start: Math.max(h, range.start), end: Math.min(h + HOUR, range.end) }, counts });
    }
    await this.auditHoursAlone(hours);
  }

  /**
   * Over several hours, one hour's surplus (a log that arrived after its window's last re-check)
   * can hide another's shortfall (a log deleted by hand): the counts agree and the audit narrows
   * no further. So each run also compares a few hours on their own, taking up where the last run
   * stopped (the checkpoint's auditCursor), enough that every audited hour is compared alone at
   * least once per HOUR_ALONE_EVERY_MS. An hour the narrowing already reached alone is not
   * probed twice.
   */
  private async auditHoursAlone(hours: readonly AuditedHour[]): Promise<void> {
    if (hours.length === 0) return;
    const perRun = Math.min(hours.length, Math.ceil((hours.length * this.config.exportEveryMinutes * MINUTE) / HOUR_ALONE_EVERY_MS));
    const cursor = this.cp.auditCursor === undefined ? Number.NEGATIVE_INFINITY : Date.parse(this.cp.auditCursor);
    const first = Math.max(0, hours.findIndex((h) => h.range.start >= cursor));
    for (let k = 0; k < perRun; k++) {
      const { range, counts } = hours[(first + k) % hours.length];
      if (!this.comparedAlone.has(floorHour(range.start)) && !(await this.narrow(range, counts))) return;
      this.cp.auditCursor = iso(floorHour(range.start) + HOUR);
    }
  }

  /** False when the API did not apply the filter (its counts say nothing then). */
  private async narrow(range: Range, counts: ReadonlyMap<string, number>): Promise<boolean> {
    if (range.end - floorHour(range.start) <= HOUR) this.comparedAlone.add(floorHour(range.start));
    const probe = await probeRange(this.client, range);
    this.counters.outsideWindow += probe.outside;
    if (probe.count === undefined) return false;
    let ledgerCount = 0;
    for (let hour = range.start; hour < range.end; hour += HOUR) ledgerCount += counts.get(hourOf(hour)) ?? 0;
    if (probe.count === ledgerCount) {
      this.agreed(range);
      return true;
    }
    // Fewer than the ledger is expected where the gateway has deleted its oldest logs: only the
    // hours after its oldest kept log say something. Where it still keeps the whole range, the
    // ledger counts a log the API no longer serves there.
    if (probe.count < ledgerCount) {
      const oldest = await this.oldestKept();
      if (oldest === undefined) return true;
      if (oldest >= range.start) {
        const kept = floorHour(oldest) + HOUR;
        return kept >= range.end || (await this.narrow({ start: kept, end: range.end }, counts));
      }
    }
    if (range.end - floorHour(range.start) <= HOUR) {
      if (probe.count < ledgerCount) {
        this.disagreed(range, ledgerCount, probe.count);
        return true;
      }
      const read = await this.readAndMerge(range, "audit");
      if (read !== "too-big" && !read.verified) this.settle(range, read);
      await this.save();
      return true;
    }
    // Halves on an hour boundary (the ledger counts by hour; only the first range may start mid-hour).
    const mid = Math.max(floorHour(range.start) + HOUR, floorHour(range.start + (range.end - range.start) / 2));
    return (await this.narrow({ start: range.start, end: mid }, counts)) && (await this.narrow({ start: mid, end: range.end }, counts));
  }

  /** The oldest log the gateway keeps, probed once per run for the audit. */
  private storeOldest: Promise<number | undefined> | undefined;

  /** created_at of the oldest log the gateway keeps (it deletes only its oldest): it keeps every log after it. */
  private async oldestKept(): Promise<number | undefined> {
    this.storeOldest ??= probeStore(this.client, this.clock.now()).then((s) => s.oldestMs);
    return this.storeOldest;
  }

  /**
   * An audited range whose counts agree: a disagreement recorded for it is over when the range is
   * its hour alone (over several hours, one hour's surplus may hide another's shortfall).
   */
  private agreed(range: Range): void {
    if (range.end - floorHour(range.start) > HOUR) return;
    const inside = (d: Disagreement) => Date.parse(d.hour) >= floorHour(range.start) && Date.parse(d.hour) < range.end;
    if (this.cp.disagreements?.some(inside)) this.cp.disagreements = this.cp.disagreements.filter((d) => !inside(d));
  }

  /** An audited hour whose ledger counts more than the API serves: recorded, named in the run report, alarmed. */
  private disagreed(range: Range, ledger: number, api: number): void {
    const hour = iso(floorHour(range.start));
    this.cp.disagreements = [...(this.cp.disagreements ?? []).filter((d) => d.hour !== hour), { hour, ledger, api, found: iso(this.started) }].sort((a, b) => a.hour.localeCompare(b.hour));
    this.windows.push({ start: hour, end: iso(floorHour(range.start) + HOUR), kind: "audit", fresh: 0, verified: false, problem: `the ledger counts ${ledger} logs, the API ${api}, though the gateway keeps the whole hour: a log deleted by hand, or its created_at moved by more than an hour` });
  }

  /**
   * Month-to-date for the current month (stamped now) and for every month whose rows changed
   * (stamped at its last moment): those this run or an earlier one marked, and any audited month
   * whose total differs from what was last published (a run that died after merging may not have
   * marked it).
   */
  private async publishMonthToDate(): Promise<ExportReport["monthToDate"]> {
    const now = this.clock.now();
    const current = monthOf(this.started);
    const audited = this.auditedMonths();
    const months = [...new Set([...this.cp.pendingMonths, ...audited, current])].sort();
    const published: ExportReport["monthToDate"] = {};
    for (const month of months) {
      const last = monthEnd(month) - 1;
      const spend = month !== current && last < now - CLOUDWATCH_MAX_AGE_MS ? undefined : monthToDate(await this.rowsOfMonth(month), this.workloads, this.config.fallbackPrices);
      const total = spend && [...spend.values()].reduce((sum, usd) => sum.add(usd), new UsdSum()).toString();
      if (spend && total && (month === current || this.cp.pendingMonths.includes(month) || this.cp.published[month] !== total)) {
        await this.deps.metrics.publish(monthToDateData(this.config.environment, spend, new Date(Math.min(now, last))));
        this.cp.published[month] = total;
        published[month] = Object.fromEntries([...spend.entries()].sort());
      }
      if (spend && this.config.budgets && this.deps.alerts) {
        const told = (this.cp.budgetAlerts[month] ??= {});
        Object.assign(told, await sendAlerts(this.config.environment, dueAlerts(month, spend, this.config.budgets, told), this.deps.alerts));
      }
      this.cp.pendingMonths = this.cp.pendingMonths.filter((m) => m !== month);
    }
    // Remember only months a run can still publish.
    this.cp.published = Object.fromEntries(Object.entries(this.cp.published).filter(([month]) => months.includes(month)));
    this.cp.budgetAlerts = Object.fromEntries(Object.entries(this.cp.budgetAlerts).filter(([month]) => months.includes(month)));
    return published;
  }

  /** The current month, and the previous one during its first days (what the audit covers). */
  private auditedMonths(): string[] {
    const current = monthOf(this.started);
    return new Date(this.started).getUTCDate() <= AUDIT_PREVIOUS_MONTH_DAYS ? [previousMonth(current), current] : [current];
  }
}

/** `range` less the `holes` (each hour-aligned), as the ranges left, oldest first. */
function without(range: Range, holes: readonly Range[]): Range[] {
  let out = [range];
  for (const hole of holes) {
    out = out.flatMap((r) => (hole.end <= r.start || hole.start >= r.end ? [r] : [
      ...(hole.start > r.start ? [{ start: r.start, end: hole.start }] : []),
      ...(hole.end < r.end ? [{ start: hole.end, end: r.end }] : []),
    ]));
  }
  return out;
}
