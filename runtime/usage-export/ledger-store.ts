/**
 * The ledger bucket's layout and the reads and writes on it.
 *
 *   state/environment=E/hours/date=D/DTHH.json   the hour's truth: its rows with the log ids each
 *                                                counts, and its quarantined entries
 *   ledger/environment=E/date=D/DTHH.jsonl       the hour's rows for finance (the truth without ids)
 *   quarantine/environment=E/date=D/DTHH.quarantined.jsonl   entries of the hour that could not be counted
 *   state/environment=E/checkpoint.json          what has been read and verified (checkpoint.ts)
 *
 * An hour's truth only ever grows: a log id is added once, whichever run, window size or re-read
 * brings it, and nothing is removed when the gateway has since deleted old logs. Rows are facts
 * with versions: each id keeps its cost, and a read that serves a known id with another cost (a
 * revised cost, or a cost filled in after it was logged without one) replaces the figure and
 * records the revision (what changed and when). An id already counted in the hour before or after
 * (its created_at moved across the hour) is not counted again: the hour notes it as counted there. It is replaced
 * only with If-Match on the version read (or created with If-None-Match), so concurrent runs
 * cannot lose each other's rows. The two derived files carry the truth's version in their
 * metadata and are rewritten from the latest truth, never over a newer one.
 */
import { hourOf, type CountedEntry, type QuarantinedEntry } from "./gateway-log";
import { addRequest, emptyRow, NO_KEY, rowKey, sortRows, toJsonLines, parseJsonLines, type LedgerRow, type LedgerRowKey } from "./ledger-row";
import { UsdSum } from "./money";
import { readObjects, readTexts, replacing, type ObjectStore } from "./object-store";

const dateOf = (hour: string) => hour.slice(0, 10);
const hh = (hour: string) => hour.slice(11, 13);

export const ledgerPrefix = (environment: string) => `ledger/environment=${environment}/`;
export const monthLedgerPrefix = (environment: string, month: string) => `${ledgerPrefix(environment)}date=${month}-`;
export const hourLedgerKey = (environment: string, hour: string) => `${ledgerPrefix(environment)}date=${dateOf(hour)}/${dateOf(hour)}T${hh(hour)}.jsonl`;
export const hourStateKey = (environment: string, hour: string) => `state/environment=${environment}/hours/date=${dateOf(hour)}/${dateOf(hour)}T${hh(hour)}.json`;
export const quarantinePrefix = (environment: string) => `quarantine/environment=${environment}/`;
export const hourQuarantineKey = (environment: string, hour: string) => `${quarantinePrefix(environment)}date=${dateOf(hour)}/${dateOf(hour)}T${hh(hour)}.quarantined.jsonl`;

/** Metadata an hour's ledger and quarantine files carry: the ETag of the truth they were made from. */
const TRUTH_ETAG = "truth-etag";
/** Metadata of an hour's ledger file: ids the API serves in the hour that another hour counts (the audit adds them). */
const ELSEWHERE = "counted-elsewhere";

/** The prefix of a month's hour truths. */
export const monthStatePrefix = (environment: string, month: string) => `state/environment=${environment}/hours/date=${month}-`;

/** The hour an hour truth's key is for. */
export const hourOfStateKey = (key: string): string | undefined => {
  const m = /(\d{4}-\d{2}-\d{2})T(\d{2})\.json$/.exec(key);
  return m ? `${m[1]}T${m[2]}:00:00Z` : undefined;
};

/** Matches the key of an hour's ledger file (not its truth or quarantine file); group 1 is its month. */
export const HOUR_OBJECT = /(?:^|\/)(\d{4}-\d{2})-\d{2}T\d{2}\.jsonl$/;

/** A cost as an id's fact: exact dollars, null when the gateway logged none, "?" when not recorded (truths older than costs per id). */
export type IdCost = string | null;
const UNRECORDED = "?";

/** A change to a counted log's cost, as a later read served it. */
export interface Revision {
  id: string;
  /** The run that saw it (ISO). */
  at: string;
  from: IdCost;
  to: IdCost;
}

export type TruthRow = LedgerRow & { ids: string[]; /** Each id's cost, in the order of `ids`. */ costs?: IdCost[] };

export interface HourTruth {
  /** Grows by one with every write; the derived files record the version they were made from. */
  version: number;
  environment: string;
  hour: string;
  rows: TruthRow[];
  quarantined: QuarantinedEntry[];
  /** Revisions applied to this hour's rows, oldest first. */
  revisions?: Revision[];
  /** Ids the API served in this hour that are counted in a neighbouring hour -> that hour. */
  elsewhere?: Record<string, string>;
}

/**
 * An hour's truth as stored. Rows written before the ledger recorded keys have no keyName: they
 * are read under NO_KEY, so new entries of the same hour add rows beside them (their ids are
 * known, so nothing is counted twice).
 */
export function parseTruth(text: string): HourTruth {
  const truth = JSON.parse(text) as HourTruth;
  for (const row of truth.rows) row.keyName ??= NO_KEY;
  return truth;
}

/** The row an entry is counted in. */
const rowKeyOf = (environment: string, hour: string, entry: CountedEntry): LedgerRowKey => ({ environment, hour, workload: entry.workload, keyName: entry.keyName, provider: entry.provider, model: entry.model });

/** Folds entries into ledger rows, one per workload, key, provider, model and hour. */
export function rowsOf(environment: string, entries: Iterable<CountedEntry>): LedgerRow[] {
  const rows = new Map<string, LedgerRow>();
  addEntries(rows, entries, (entry) => rowKeyOf(environment, hourOf(entry.atMs), entry));
  return sortRows([...rows.values()]);
}

/**
 * Adds each entry to its row (created from `keyOf` when missing); `onAdd` sees the row and entry.
 * Costs are summed exactly per row and formatted once at the end.
 */
function addEntries<R extends LedgerRow>(rows: Map<string, R>, entries: Iterable<CountedEntry>, keyOf: (entry: CountedEntry) => LedgerRowKey, create: (key: LedgerRowKey) => R = (key) => emptyRow(key) as R, onAdd?: (row: R, entry: CountedEntry) => void): void {
  const costs = new Map<R, UsdSum>();
  for (const entry of entries) {
    const key = keyOf(entry);
    const id = rowKey(key);
    let row = rows.get(id);
    if (!row) rows.set(id, (row = create(key)));
    let cost = costs.get(row);
    if (!cost) costs.set(row, (cost = new UsdSum(row.costUsd)));
    addRequest(row, entry, cost);
    onAdd?.(row, entry);
  }
  for (const [row, cost] of costs) row.costUsd = cost.toString();
}

export interface MergeResult {
  /** Entries this merge added (not in the hour before). */
  fresh: CountedEntry[];
  freshQuarantined: QuarantinedEntry[];
  /** Counted entries whose cost this merge replaced, and the entries with their new figures (same order). */
  revised: Revision[];
  revisedEntries: CountedEntry[];
  /** Entries not counted because a neighbouring hour counts their id. */
  elsewhere: number;
}

const costOf = (entry: CountedEntry): IdCost => entry.costUsd ?? null;
const negate = (usd: string) => (usd.startsWith("-") ? usd.slice(1) : usd === "0" ? usd : `-${usd}`);
const neighbours = (hour: string) => [-1, 1].map((d) => hourOf(Date.parse(hour) + d * 3_600_000));

/** Gives up after this many conflicting writes in a row (another run keeps writing the same hour). */
const MAX_CONFLICTS = 8;

export class ConflictError extends Error {}

export class LedgerStore {
  constructor(
    readonly store: ObjectStore,
    readonly environment: string,
  ) {}

  /**
   * Adds the entries the hour does not hold yet. `beforeWrite` sees what is new before the truth is
   * written (metrics published there are at least once: a failed write publishes again next run).
   */
  /**
   * `now` stamps revisions. Entries the hour does not hold are first looked up in the neighbouring
   * hours' truths (read once per store, kept current by this store's own writes).
   */
  async merge(hour: string, entries: readonly CountedEntry[], quarantined: readonly QuarantinedEntry[], beforeWrite: (result: MergeResult) => Promise<void>, now = new Date()): Promise<MergeResult> {
    const key = hourStateKey(this.environment, hour);
    let announced = false;
    let result: MergeResult = { fresh: [], freshQuarantined: [], revised: [], revisedEntries: [], elsewhere: 0 };
    for (let attempt = 1; ; attempt++) {
      const read = await this.store.get(key);
      const truth: HourTruth = read ? parseTruth(read.text) : { version: 0, environment: this.environment, hour, rows: [], quarantined: [] };
      const known = new Map<string, [TruthRow, number]>();
      for (const row of truth.rows) row.ids.forEach((id, i) => known.set(id, [row, i]));
      const knownQuarantined = new Set(truth.quarantined.map((q) => q.id));
      const elsewhere = { ...truth.elsewhere };
      const unknown = entries.filter((e) => !known.has(e.id) && !Object.hasOwn(elsewhere, e.id));
      const counted = unknown.length ? await this.countedNearby(hour, unknown.map((e) => e.id)) : new Map<string, string>();
      const seen = new Set<string>();
      const fresh: CountedEntry[] = [];
      const revised: Revision[] = [];
      const revisedEntries: CountedEntry[] = [];
      for (const entry of entries) {
        if (seen.has(entry.id)) continue;
        seen.add(entry.id);
        const at = known.get(entry.id);
        if (at) {
          const [row, i] = at;
          const [from, to] = [row.costs && i < row.costs.length ? row.costs[i] : UNRECORDED, costOf(entry)];
          if (from === UNRECORDED || from === to) continue;
          // A newer figure for a counted log: take the old one out, put the new one in.
          row.costUsd = new UsdSum(row.costUsd).add(from === null ? "0" : negate(from)).add(to ?? "0").toString();
          row.unpricedRequests += (to === null ? 1 : 0) - (from === null ? 1 : 0);
          row.costs![i] = to;
          revised.push({ id: entry.id, at: now.toISOString(), from, to });
          revisedEntries.push(entry);
        } else if (Object.hasOwn(elsewhere, entry.id)) continue;
        else if (counted.has(entry.id)) elsewhere[entry.id] = counted.get(entry.id)!;
        else fresh.push(entry);
      }
      result = {
        fresh,
        freshQuarantined: quarantined.filter((q) => !knownQuarantined.has(q.id) && (knownQuarantined.add(q.id), true)),
        revised,
        revisedEntries,
        elsewhere: Object.keys(elsewhere).length - Object.keys(truth.elsewhere ?? {}).length,
      };
      if (result.fresh.length === 0 && result.freshQuarantined.length === 0 && revised.length === 0 && result.elsewhere === 0) break;
      if (!announced) await beforeWrite(result);
      announced = true;
      const rows = new Map(truth.rows.map((r) => [rowKey(r), r]));
      addEntries(
        rows,
        result.fresh,
        (entry) => rowKeyOf(this.environment, hour, entry),
        (key) => ({ ...emptyRow(key), ids: [], costs: [] }),
        (row, entry) => {
          // A row of a truth older than costs per id records none for the ids it had.
          row.costs ??= row.ids.map(() => UNRECORDED);
          row.ids.push(entry.id);
          row.costs.push(costOf(entry));
        },
      );
      const next: HourTruth = {
        version: truth.version + 1,
        environment: this.environment,
        hour,
        rows: sortRows([...rows.values()]),
        quarantined: [...truth.quarantined, ...result.freshQuarantined],
        ...(truth.revisions || revised.length ? { revisions: [...(truth.revisions ?? []), ...revised] } : {}),
        ...(Object.keys(elsewhere).length ? { elsewhere } : {}),
      };
      if ((await this.store.put(key, JSON.stringify(next), { contentType: "application/json", condition: replacing(read), meta: { version: String(next.version), quarantined: String(next.quarantined.length) } })) !== undefined) {
        this.idsByHour.set(hour, new Set(next.rows.flatMap((r) => r.ids)));
        break;
      }
      if (attempt >= MAX_CONFLICTS) throw new ConflictError(`${key} kept changing under this run`);
    }
    await this.project(hour);
    return result;
  }

  /** Ids counted per hour, as read or written by this store (neighbour look-ups). */
  private readonly idsByHour = new Map<string, ReadonlySet<string>>();

  /** Which of `ids` the hour before or after counts, and where. */
  private async countedNearby(hour: string, ids: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const near of neighbours(hour)) {
      let counted = this.idsByHour.get(near);
      if (!counted) {
        const read = await this.store.get(hourStateKey(this.environment, near));
        counted = new Set(read ? parseTruth(read.text).rows.flatMap((r) => r.ids) : []);
        this.idsByHour.set(near, counted);
      }
      for (const id of ids) if (counted.has(id) && !found.has(id)) found.set(id, near);
    }
    return found;
  }

  /**
   * Rewrites the hour's ledger (and quarantine) file from its truth unless they are already of the
   * truth's version or newer. Cheap when nothing changed: two HEAD requests.
   */
  async project(hour: string, force = false): Promise<void> {
    const stateKey = hourStateKey(this.environment, hour);
    for (let attempt = 1; ; attempt++) {
      const state = await this.store.head(stateKey);
      if (!state) return;
      const version = Number(state.meta.version ?? 0);
      const targets = [hourLedgerKey(this.environment, hour), hourQuarantineKey(this.environment, hour)];
      const heads = await Promise.all(targets.map((key) => this.store.head(key)));
      // No quarantine file for an hour without quarantined entries.
      const wanted = [true, Number(state.meta.quarantined ?? 0) > 0];
      const stale = heads.map((h, i) => (wanted[i] || h !== undefined) && (!h || Number(h.meta.version ?? -1) < version || (force && h.meta[TRUTH_ETAG] !== state.etag)));
      if (!stale.some(Boolean)) return;
      const read = await this.store.get(stateKey);
      if (!read) return;
      const truth = parseTruth(read.text);
      const meta = { version: String(truth.version), [TRUTH_ETAG]: read.etag, [ELSEWHERE]: String(Object.keys(truth.elsewhere ?? {}).length) };
      const bodies = [toJsonLines(truth.rows.map(({ ids: _ids, ...row }) => row)), truth.quarantined.map((q) => JSON.stringify(q) + "\n").join("")];
      let ok = true;
      for (let i = 0; i < targets.length; i++) {
        if (!stale[i]) continue;
        ok = (await this.store.put(targets[i], bodies[i], { contentType: "application/x-ndjson", condition: replacing(heads[i]), meta })) !== undefined && ok;
      }
      if (ok) return;
      if (attempt >= MAX_CONFLICTS) throw new ConflictError(`${targets[0]} kept changing under this run`);
    }
  }

  /**
   * Every ledger row of a month (YYYY-MM), from the hour files. An hour file not made from its
   * truth's current version (a run died between writing the two) is rewritten first: the listing of
   * the truths gives their ETags, each hour file records the ETag it was made from.
   */
  async monthRows(month: string): Promise<LedgerRow[]> {
    return (await this.monthLedger(month)).rows;
  }

  /** A month's rows, and per hour the ids the API serves there that another hour counts. */
  async monthLedger(month: string): Promise<{ rows: LedgerRow[]; elsewhere: Map<string, number> }> {
    const truths = new Map((await this.store.list(monthStatePrefix(this.environment, month))).map((o) => [o.key, o.etag]));
    const files = (await this.store.list(monthLedgerPrefix(this.environment, month))).map((o) => o.key).filter((k) => HOUR_OBJECT.exec(k)?.[1] === month);
    const read = await readObjects(this.store, files);
    const rows = new Map(read.map(([key, object]) => [key, parseJsonLines(object.text, key)]));
    const made = new Map(read.map(([key, object]) => [key, object.meta[TRUTH_ETAG]]));
    for (const [stateKey, etag] of truths) {
      const hour = hourOfStateKey(stateKey);
      if (!hour) continue;
      const file = hourLedgerKey(this.environment, hour);
      if (made.get(file) === etag) continue;
      await this.project(hour, true);
      const healed = await this.store.get(file);
      if (healed) rows.set(file, parseJsonLines(healed.text, file));
      if (healed) read.push([file, healed]);
    }
    const elsewhere = new Map<string, number>();
    for (const [key, object] of read) {
      const m = /(\d{4}-\d{2}-\d{2})T(\d{2})\.jsonl$/.exec(key);
      if (m && Number(object.meta[ELSEWHERE] ?? 0) > 0) elsewhere.set(`${m[1]}T${m[2]}:00:00Z`, Number(object.meta[ELSEWHERE]));
    }
    return { rows: [...rows.values()].flat(), elsewhere };
  }

  /** Quarantined entries per hour of a month. */
  async monthQuarantine(month: string): Promise<Map<string, number>> {
    const keys = (await this.store.list(`${quarantinePrefix(this.environment)}date=${month}-`)).map((o) => o.key);
    const counts = new Map<string, number>();
    for (const [key, text] of await readTexts(this.store, keys)) {
      const m = /(\d{4}-\d{2}-\d{2})T(\d{2})\.quarantined\.jsonl$/.exec(key);
      if (!m) continue;
      counts.set(`${m[1]}T${m[2]}:00:00Z`, text.split("\n").filter((l) => l.trim()).length);
    }
    return counts;
  }
}
