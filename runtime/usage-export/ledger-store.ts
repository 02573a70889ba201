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
 * brings it, and nothing is removed when the gateway has since deleted old logs. It is replaced
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

const hourOfStateKey = (key: string): string | undefined => {
  const m = /(\d{4}-\d{2}-\d{2})T(\d{2})\.json$/.exec(key);
  return m ? `${m[1]}T${m[2]}:00:00Z` : undefined;
};

/** Matches the key of an hour's ledger file (not its truth or quarantine file); group 1 is its month. */
export const HOUR_OBJECT = /(?:^|\/)(\d{4}-\d{2})-\d{2}T\d{2}\.jsonl$/;

export interface HourTruth {
  /** Grows by one with every write; the derived files record the version they were made from. */
  version: number;
  environment: string;
  hour: string;
  rows: (LedgerRow & { ids: string[] })[];
  quarantined: QuarantinedEntry[];
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
}

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
  async merge(hour: string, entries: readonly CountedEntry[], quarantined: readonly QuarantinedEntry[], beforeWrite: (result: MergeResult) => Promise<void>): Promise<MergeResult> {
    const key = hourStateKey(this.environment, hour);
    let announced = false;
    let result: MergeResult = { fresh: [], freshQuarantined: [] };
    for (let attempt = 1; ; attempt++) {
      const read = await this.store.get(key);
      const truth: HourTruth = read ? parseTruth(read.text) : { version: 0, environment: this.environment, hour, rows: [], quarantined: [] };
      const known = new Set(truth.rows.flatMap((r) => r.ids));
      const knownQuarantined = new Set(truth.quarantined.map((q) => q.id));
      result = {
        fresh: entries.filter((e) => !known.has(e.id) && (known.add(e.id), true)),
        freshQuarantined: quarantined.filter((q) => !knownQuarantined.has(q.id) && (knownQuarantined.add(q.id), true)),
      };
      if (result.fresh.length === 0 && result.freshQuarantined.length === 0) break;
      if (!announced) await beforeWrite(result);
      announced = true;
      const rows = new Map(truth.rows.map((r) => [rowKey(r), r]));
      addEntries(
        rows,
        result.fresh,
        (entry) => rowKeyOf(this.environment, hour, entry),
        (key) => ({ ...emptyRow(key), ids: [] }),
        (row, entry) => row.ids.push(entry.id),
      );
      const next: HourTruth = { version: truth.version + 1, environment: this.environment, hour, rows: sortRows([...rows.values()]), quarantined: [...truth.quarantined, ...result.freshQuarantined] };
      if ((await this.store.put(key, JSON.stringify(next), { contentType: "application/json", condition: replacing(read), meta: { version: String(next.version), quarantined: String(next.quarantined.length) } })) !== undefined) break;
      if (attempt >= MAX_CONFLICTS) throw new ConflictError(`${key} kept changing under this run`);
    }
    await this.project(hour);
    return result;
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
      const meta = { version: String(truth.version), [TRUTH_ETAG]: read.etag };
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
    const truths = new Map((await this.store.list(`state/environment=${this.environment}/hours/date=${month}-`)).map((o) => [o.key, o.etag]));
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
    }
    return [...rows.values()].flat();
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
