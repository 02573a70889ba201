/**
 * The few object operations the ledger needs, and their S3 implementation (AWS SDK v3).
 *
 * Writes that must not lose a concurrent update are conditional (S3 conditional writes,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html; PutObject
 * `IfMatch` / `IfNoneMatch` in @aws-sdk/client-s3): `If-None-Match: *` creates only when the key
 * is absent, `If-Match: <etag>` replaces only the version that was read. S3 answers a failed
 * condition with 412 PreconditionFailed, a concurrent conditional write with 409
 * ConditionalRequestConflict ("fetch the object's ETag and retry"), and If-Match on a missing key
 * with 404 NoSuchKey; all three mean "read again and retry", reported here as no ETag.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";

export interface ObjectHead {
  etag: string;
  /** User metadata (x-amz-meta-*), keys in lower case. */
  meta: Record<string, string>;
}

export interface StoredObject extends ObjectHead {
  text: string;
}

export interface ListedObject {
  key: string;
  etag: string;
}

export type PutCondition = { ifMatch: string } | { ifNoneMatch: "*" };

export interface PutOptions {
  contentType: string;
  condition?: PutCondition;
  meta?: Record<string, string>;
}

export interface ObjectStore {
  get(key: string): Promise<StoredObject | undefined>;
  head(key: string): Promise<ObjectHead | undefined>;
  /** The new ETag, or undefined when the condition did not hold (someone else wrote first): read again and retry. */
  put(key: string, text: string, options: PutOptions): Promise<string | undefined>;
  /** Objects under a prefix, sorted by key. */
  list(prefix: string): Promise<ListedObject[]>;
}

/** The condition that replaces exactly what was read (or creates when nothing was). */
export const replacing = (read: ObjectHead | undefined): PutCondition => (read ? { ifMatch: read.etag } : { ifNoneMatch: "*" });

const CONDITION_FAILED = new Set(["PreconditionFailed", "ConditionalRequestConflict", "NoSuchKey"]);
const statusOf = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const isMissing = (err: unknown) => (err as { name?: string }).name === "NoSuchKey" || (err as { name?: string }).name === "NotFound" || statusOf(err) === 404;

export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return { text: (await out.Body?.transformToString("utf-8")) ?? "", etag: out.ETag ?? "", meta: out.Metadata ?? {} };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { etag: out.ETag ?? "", meta: out.Metadata ?? {} };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async put(key: string, text: string, options: PutOptions): Promise<string | undefined> {
    const condition = options.condition;
    try {
      const out = await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: text,
          ContentType: options.contentType,
          Metadata: options.meta,
          IfMatch: condition && "ifMatch" in condition ? condition.ifMatch : undefined,
          IfNoneMatch: condition && "ifNoneMatch" in condition ? condition.ifNoneMatch : undefined,
        }),
      );
      return out.ETag ?? "";
    } catch (err) {
      const name = (err as { name?: string }).name ?? "";
      if (condition && (CONDITION_FAILED.has(name) || statusOf(err) === 412 || statusOf(err) === 409)) return undefined;
      throw err;
    }
  }

  async list(prefix: string): Promise<ListedObject[]> {
    const objects: ListedObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key) objects.push({ key: object.Key, etag: object.ETag ?? "" });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

/** Reads objects a few at a time (a month is up to 744 hour files); missing ones are skipped. */
export async function readObjects(store: ObjectStore, keys: readonly string[], parallel = 16): Promise<[string, StoredObject][]> {
  const out: ([string, StoredObject] | undefined)[] = new Array(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      const object = await store.get(keys[i]);
      out[i] = object ? [keys[i], object] : undefined;
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, keys.length) }, worker));
  return out.filter((x): x is [string, StoredObject] => x !== undefined);
}

export const readTexts = async (store: ObjectStore, keys: readonly string[]): Promise<[string, string][]> => (await readObjects(store, keys)).map(([key, object]) => [key, object.text]);
