/**
 * The ledger bucket's layout and the reads and writes on it.
 *
 *   cells/environment=E/date=D/hour=HH/HHMM-HHMM.jsonl   one window's rows (overwritten on re-run)
 *   ledger/environment=E/date=D/DTHH.jsonl               the hour: sum of its cells, one row per
 *                                                        workload, provider and model (rebuilt, overwritten)
 *   state/environment=E/checkpoint.json                  end of the last exported window
 *
 * Every key is a function of the window alone, and every write replaces an object, so running a
 * window twice leaves the same bytes: nothing is appended, nothing counted twice.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { mergeRows, parseJsonLines, toJsonLines, type LedgerRow } from "./ledger-row";
import { dateOf, type Cell } from "./windows";

const hh = (d: Date) => d.toISOString().slice(11, 13);
const hhmm = (d: Date) => d.toISOString().slice(11, 16).replace(":", "");

export const ledgerPrefix = (environment: string) => `ledger/environment=${environment}/`;

export function cellKey(environment: string, cell: Cell): string {
  // A cell ending on the hour reads 2400 rather than 0000 so names sort within their hour.
  const end = cell.end.getUTCMinutes() === 0 ? `${String(cell.start.getUTCHours() + 1).padStart(2, "0")}00` : hhmm(cell.end);
  return `${hourCellsPrefix(environment, cell.start)}${hhmm(cell.start)}-${end}.jsonl`;
}

export const hourCellsPrefix = (environment: string, at: Date) => `cells/environment=${environment}/date=${dateOf(at)}/hour=${hh(at)}/`;
export const hourLedgerKey = (environment: string, at: Date) => `${ledgerPrefix(environment)}date=${dateOf(at)}/${dateOf(at)}T${hh(at)}.jsonl`;
export const monthLedgerPrefix = (environment: string, month: string) => `${ledgerPrefix(environment)}date=${month}-`;
export const checkpointKey = (environment: string) => `state/environment=${environment}/checkpoint.json`;

export interface Checkpoint {
  /** End of the last window fully exported (ledger written, metrics published). */
  exportedUntil: string;
  updatedAt: string;
}

export class LedgerStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly environment: string,
  ) {}

  async readCheckpoint(): Promise<Checkpoint | undefined> {
    const text = await this.getText(checkpointKey(this.environment));
    if (text === undefined) return undefined;
    const value = JSON.parse(text) as Partial<Checkpoint>;
    if (typeof value.exportedUntil !== "string" || !Number.isFinite(Date.parse(value.exportedUntil))) throw new Error(`checkpoint ${checkpointKey(this.environment)} has no valid exportedUntil`);
    return value as Checkpoint;
  }

  async writeCheckpoint(exportedUntil: Date, now: Date): Promise<void> {
    const body: Checkpoint = { exportedUntil: exportedUntil.toISOString(), updatedAt: now.toISOString() };
    await this.put(checkpointKey(this.environment), JSON.stringify(body) + "\n", "application/json");
  }

  /** Writes a window's rows and rebuilds its hour's ledger object from all of the hour's windows. */
  async writeCell(cell: Cell, rows: LedgerRow[]): Promise<string> {
    const written = cellKey(this.environment, cell);
    await this.put(written, toJsonLines(mergeRows(rows)), "application/x-ndjson");
    // A cell written under an earlier cell size that overlaps this one was re-exported by it: skip it.
    const cellTexts = (await this.readAll(hourCellsPrefix(this.environment, cell.start))).filter(([key]) => key === written || !overlaps(key, written));
    const hourRows = mergeRows(cellTexts.flatMap(([key, text]) => parseJsonLines(text, key)));
    const key = hourLedgerKey(this.environment, cell.start);
    await this.put(key, toJsonLines(hourRows), "application/x-ndjson");
    return key;
  }

  /** Every ledger row of a month (YYYY-MM), read from the hour objects. */
  async monthRows(month: string): Promise<LedgerRow[]> {
    const texts = await this.readAll(monthLedgerPrefix(this.environment, month));
    return texts.flatMap(([key, text]) => parseJsonLines(text, key));
  }

  private async readAll(prefix: string): Promise<[string, string][]> {
    const keys = await listKeys(this.s3, this.bucket, prefix);
    return readKeys(this.s3, this.bucket, keys);
  }

  private async put(key: string, body: string, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  private async getText(key: string): Promise<string | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return (await out.Body?.transformToString("utf-8")) ?? "";
    } catch (err) {
      if ((err as { name?: string }).name === "NoSuchKey") return undefined;
      throw err;
    }
  }
}

export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

/** Reads objects a few at a time (a month is up to ~744 hour objects). */
export async function readKeys(s3: S3Client, bucket: string, keys: string[], parallel = 16): Promise<[string, string][]> {
  const out: [string, string][] = new Array(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      const result = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: keys[i] }));
      out[i] = [keys[i], (await result.Body?.transformToString("utf-8")) ?? ""];
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, keys.length) }, worker));
  return out;
}

/** Whether two cell objects of the same hour cover overlapping minutes (from their HHMM-HHMM names). */
export function overlaps(keyA: string, keyB: string): boolean {
  const span = (key: string) => {
    const m = /(\d\d)(\d\d)-(\d\d)(\d\d)\.jsonl$/.exec(key);
    return m ? [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])] : [0, 0];
  };
  const [a0, a1] = span(keyA);
  const [b0, b1] = span(keyB);
  return a0 < b1 && b0 < a1;
}
