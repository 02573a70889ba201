/**
 * The exporter's checkpoint (state/environment=E/checkpoint.json): how far the logs have been
 * read, which recent windows are verified (and the API's count for each, for the lateness
 * re-checks), which windows did not verify, and which months' month-to-date still has to be
 * published. It is replaced only with If-Match on the version this run read, so a second run
 * working at the same time stops at its first write instead of moving the checkpoint backwards.
 */
import { replacing, type ObjectHead, type ObjectStore } from "./object-store";

export interface WindowState {
  /** ISO timestamps. */
  start: string;
  end: string;
}

export interface VerifiedWindow extends WindowState {
  /** The API's count for the window when it was last read completely (-1: the API gave none). */
  count: number;
  /** When it was last read or probed (a run's start). */
  checkedAt: string;
  /**
   * It held logs without a cost: its last re-check reads it again instead of probing its count,
   * so a cost filled in later replaces the missing one.
   */
  reread?: boolean;
  /**
   * Logs counted in each of its equal slices (runtime/usage-export/slices.ts) when last read: a
   * re-check whose count rose probes the slices and reads again only those that grew.
   */
  slices?: number[];
}

export interface FailedWindow extends WindowState {
  problem: string;
  /** When it first failed. */
  since: string;
  /** Logs its reads counted in each slice: a retry reads again only the slices the API holds more in. */
  slices?: number[];
  /** Its reads met logs without a cost (its last re-check, once verified, reads it whole). */
  reread?: boolean;
}

/** Time whose logs the gateway deleted before they were read: never verified, reported as a gap. */
export interface DeletedWindow extends WindowState {
  /** When the run found it. */
  found: string;
  /** How many logs the gateway held then (its maxStored, or nearly). */
  stored: number;
}

/** An audited hour whose ledger counts more logs than the gateway, which still holds the whole hour, serves for it. */
export interface Disagreement {
  /** The hour's start (ISO). */
  hour: string;
  ledger: number;
  api: number;
  /** When an audit last found it. */
  found: string;
}

export interface Checkpoint {
  version: 2;
  /** Where this ledger begins (the month audit starts no earlier). */
  ledgerStart: string;
  /** Every window before it has been read at least once. */
  frontier: string;
  /** Verified windows still inside the lateness horizon, re-checked every run. */
  recent: VerifiedWindow[];
  /** Windows whose read did not verify: read again every run until they do. */
  failed: FailedWindow[];
  /** Time the gateway deleted logs of before the exporter read them (oldest first, merged). */
  deleted: DeletedWindow[];
  /**
   * Minutes of `deleted` found but not yet published as LogsDeletedUnreadMinutes: a run that dies
   * after saving what it found and before publishing leaves them to the next run (the alarm's at least once).
   */
  deletedUntoldMinutes: number;
  /**
   * Audited hours whose ledger holds more than the API (a log deleted by hand, or its created_at
   * moved by more than an hour): never reported verified; an audit that finds them equal removes them.
   */
  disagreements?: Disagreement[];
  /** The hour the audit compares on its own next (export-run.ts auditHoursAlone); absent: the first audited hour. */
  auditCursor?: string;
  /** Months (YYYY-MM) whose rows changed and whose month-to-date is not yet published. */
  pendingMonths: string[];
  /** Month -> the environment's month-to-date (exact dollars) as last published. */
  published: Record<string, string>;
  /** Month -> workload -> the highest budget threshold (percent) its channels were told of (budget-alerts.ts). */
  budgetAlerts: Record<string, Record<string, number>>;
  /** Epoch ms of the Cloudflare calls of the last five minutes, and any block Cloudflare imposed. */
  api: { calls: number[]; blockedUntil: number };
  updatedAt: string;
}

export const checkpointKey = (environment: string) => `state/environment=${environment}/checkpoint.json`;

export function newCheckpoint(start: Date): Checkpoint {
  const at = start.toISOString();
  return { version: 2, ledgerStart: at, frontier: at, recent: [], failed: [], deleted: [], deletedUntoldMinutes: 0, pendingMonths: [], published: {}, budgetAlerts: {}, api: { calls: [], blockedUntil: 0 }, updatedAt: at };
}

const isTime = (value: unknown): value is string => typeof value === "string" && Number.isFinite(Date.parse(value));

/** Reads a checkpoint, including the first format (`{ exportedUntil }`). */
export function parseCheckpoint(text: string, key: string): Checkpoint {
  const value = JSON.parse(text) as Partial<Checkpoint> & { exportedUntil?: string };
  if (value.version === 2 && isTime(value.frontier) && isTime(value.ledgerStart)) {
    const recent = (value.recent ?? []).map((w) => ({ ...w, checkedAt: w.checkedAt ?? w.start }));
    return { ...newCheckpoint(new Date(value.ledgerStart)), ...value, recent } as Checkpoint;
  }
  // The first format's exporter wrote whole hour files from its own window files: resume from the
  // start of the hour it was in, so that hour's file is rebuilt from a complete read, not half of one.
  if (isTime(value.exportedUntil)) return { ...newCheckpoint(new Date(Math.floor(Date.parse(value.exportedUntil) / 3_600_000) * 3_600_000)), updatedAt: String(value.updatedAt ?? value.exportedUntil) };
  throw new Error(`checkpoint ${key} is not a checkpoint this exporter knows`);
}

export class ConcurrentRunError extends Error {
  constructor(key: string) {
    super(`${key} changed while this run held it: another export run is working; this one stops`);
  }
}

/** The checkpoint as this run last read or wrote it. */
export class CheckpointStore {
  private head: ObjectHead | undefined;
  constructor(
    private readonly store: ObjectStore,
    private readonly key: string,
  ) {}

  async read(): Promise<Checkpoint | undefined> {
    const read = await this.store.get(this.key);
    this.head = read;
    return read ? parseCheckpoint(read.text, this.key) : undefined;
  }

  async write(checkpoint: Checkpoint): Promise<void> {
    const etag = await this.store.put(this.key, JSON.stringify(checkpoint) + "\n", { contentType: "application/json", condition: replacing(this.head) });
    if (etag === undefined) throw new ConcurrentRunError(this.key);
    this.head = { etag, meta: {} };
  }
}
