/**
 * An in-memory S3 bucket, reached two ways: behind a real S3Client stubbed at the transport (a
 * custom requestHandler, so requests go through the SDK's own serialisers and parsers), and as an
 * ObjectStore directly (the simulation, where thousands of runs must stay fast). Both share one
 * model with S3's documented semantics for what the ledger uses: PutObject (user metadata,
 * conditional writes: If-None-Match: * answers 412 PreconditionFailed when the key exists, If-Match
 * answers 412 when the ETag differs and 404 NoSuchKey when the key is missing;
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html), GetObject and
 * HeadObject (ETag, x-amz-meta-*), ListObjectsV2 with prefix and continuation tokens.
 *
 * ETags are the MD5 of the content, as S3 gives for unencrypted or SSE-S3 objects: identical bytes
 * keep the same ETag, the case most hostile to compare-and-swap. (With SSE-KMS the ETag is not an
 * MD5; the exporter must not rely on either.)
 */
import { S3Client } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import type { ListedObject, ObjectHead, ObjectStore, PutOptions, StoredObject } from "../runtime/usage-export/object-store";

interface HttpRequestLike {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

interface Stored {
  text: string;
  etag: string;
  meta: Record<string, string>;
}

export interface S3Op {
  method: "GET" | "HEAD" | "PUT" | "LIST";
  key: string;
}

export class S3StandIn {
  private readonly stored = new Map<string, Stored>();
  readonly calls: S3Op[] = [];
  /** Called before each operation; throw to make it fail (as S3 answering 500 would), or await to interleave. */
  before?: (op: S3Op) => void | Promise<void>;
  constructor(private readonly pageSize = 1000) {}

  /** Object contents by key (read-only view). */
  get objects(): ReadonlyMap<string, string> {
    return new Map([...this.stored].map(([k, v]) => [k, v.text]));
  }

  text(key: string): string | undefined {
    return this.stored.get(key)?.text;
  }

  /** Puts an object as someone else would (an operator, an older exporter). */
  set(key: string, text: string, meta: Record<string, string> = {}): void {
    this.stored.set(key, { text, etag: etagOf(text), meta });
  }

  delete(key: string): void {
    this.stored.delete(key);
  }

  keys(prefix = ""): string[] {
    return [...this.stored.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  private async op(op: S3Op): Promise<void> {
    this.calls.push(op);
    await this.before?.(op);
  }

  private write(key: string, text: string, meta: Record<string, string>, ifMatch?: string, ifNoneMatch?: string): { etag: string } | "PreconditionFailed" | "NoSuchKey" {
    const current = this.stored.get(key);
    if (ifNoneMatch === "*" && current) return "PreconditionFailed";
    if (ifMatch !== undefined && !current) return "NoSuchKey";
    if (ifMatch !== undefined && current && ifMatch !== current.etag) return "PreconditionFailed";
    const stored = { text, etag: etagOf(text), meta };
    this.stored.set(key, stored);
    return { etag: stored.etag };
  }

  /** The bucket as an ObjectStore, without the SDK. */
  store(): ObjectStore {
    return {
      get: async (key): Promise<StoredObject | undefined> => {
        await this.op({ method: "GET", key });
        const s = this.stored.get(key);
        return s && { text: s.text, etag: s.etag, meta: { ...s.meta } };
      },
      head: async (key): Promise<ObjectHead | undefined> => {
        await this.op({ method: "HEAD", key });
        const s = this.stored.get(key);
        return s && { etag: s.etag, meta: { ...s.meta } };
      },
      put: async (key: string, text: string, options: PutOptions): Promise<string | undefined> => {
        await this.op({ method: "PUT", key });
        const c = options.condition;
        const out = this.write(key, text, options.meta ?? {}, c && "ifMatch" in c ? c.ifMatch : undefined, c && "ifNoneMatch" in c ? c.ifNoneMatch : undefined);
        return typeof out === "string" ? undefined : out.etag;
      },
      list: async (prefix: string): Promise<ListedObject[]> => {
        await this.op({ method: "LIST", key: prefix });
        return this.keys(prefix).map((key) => ({ key, etag: this.stored.get(key)!.etag }));
      },
    };
  }

  client(bucket = "ledger-bucket"): S3Client {
    return new S3Client({
      region: "us-east-1",
      forcePathStyle: true,
      endpoint: "http://s3.stand-in.local",
      credentials: { accessKeyId: "AKIDSTANDIN", secretAccessKey: "stand-in" },
      requestHandler: { handle: (request: HttpRequestLike) => this.handle(bucket, request) } as never,
    });
  }

  private async handle(bucket: string, request: HttpRequestLike) {
    const prefix = `/${bucket}`;
    if (!request.path.startsWith(prefix)) return respond(404, xmlError("NoSuchBucket", "no such bucket"));
    const key = decodeURIComponent(request.path.slice(prefix.length + 1));
    const header = (name: string) => Object.entries(request.headers).find(([k]) => k.toLowerCase() === name)?.[1];
    const isList = request.method === "GET" && request.query?.["list-type"] === "2";
    try {
      await this.op({ method: isList ? "LIST" : (request.method as S3Op["method"]), key: isList ? String(request.query?.prefix ?? "") : key });
    } catch (err) {
      // A failure S3 could give that the SDK does not retry (so a test sees it at once).
      return respond(403, xmlError("AccessDenied", String((err as Error).message)));
    }
    if (request.method === "PUT") {
      const meta = Object.fromEntries(Object.entries(request.headers).filter(([k]) => k.toLowerCase().startsWith("x-amz-meta-")).map(([k, v]) => [k.toLowerCase().slice("x-amz-meta-".length), v]));
      const out = this.write(key, await bodyText(request), meta, header("if-match"), header("if-none-match"));
      if (out === "PreconditionFailed") return respond(412, xmlError("PreconditionFailed", "At least one of the pre-conditions you specified did not hold"));
      if (out === "NoSuchKey") return respond(404, xmlError("NoSuchKey", "The specified key does not exist."));
      return respond(200, "", { etag: out.etag });
    }
    if (isList) return respond(200, this.list(request.query!));
    if (request.method === "GET" || request.method === "HEAD") {
      const s = this.stored.get(key);
      if (!s) return request.method === "HEAD" ? respond(404, "") : respond(404, xmlError("NoSuchKey", "The specified key does not exist."));
      const headers = { "content-type": "application/octet-stream", etag: s.etag, ...Object.fromEntries(Object.entries(s.meta).map(([k, v]) => [`x-amz-meta-${k}`, v])) };
      return request.method === "HEAD" ? respond(200, "", { ...headers, "content-length": String(Buffer.byteLength(s.text)) }, false) : respond(200, s.text, headers);
    }
    return respond(405, xmlError("MethodNotAllowed", request.method));
  }

  private list(query: Record<string, string | string[] | null>): string {
    const prefix = String(query.prefix ?? "");
    const after = query["continuation-token"] ? Buffer.from(String(query["continuation-token"]), "base64").toString() : "";
    const keys = this.keys(prefix).filter((k) => k > after);
    const page = keys.slice(0, this.pageSize);
    const truncated = keys.length > page.length;
    const contents = page.map((k) => `<Contents><Key>${escapeXml(k)}</Key><ETag>${escapeXml(this.stored.get(k)!.etag)}</ETag><Size>${Buffer.byteLength(this.stored.get(k)!.text)}</Size></Contents>`).join("");
    const next = truncated ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]).toString("base64")}</NextContinuationToken>` : "";
    return `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><IsTruncated>${truncated}</IsTruncated>${contents}${next}</ListBucketResult>`;
  }
}

/** S3's ETag for a single-part upload without SSE-KMS is the content's MD5. */
const etagOf = (text: string) => `"${createHash("md5").update(text).digest("hex")}"`;

async function bodyText(request: HttpRequestLike): Promise<string> {
  const body = request.body;
  let bytes: Buffer;
  if (body === undefined || body === null) bytes = Buffer.alloc(0);
  else if (typeof body === "string") bytes = Buffer.from(body);
  else if (body instanceof Uint8Array) bytes = Buffer.from(body);
  else {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
    bytes = Buffer.concat(chunks);
  }
  if (request.headers["content-encoding"]?.includes("gzip")) bytes = gunzipSync(bytes);
  if (request.headers["content-encoding"]?.includes("aws-chunked") || request.headers["x-amz-content-sha256"] === "STREAMING-UNSIGNED-PAYLOAD-TRAILER") return dechunk(bytes.toString());
  return bytes.toString();
}

/** aws-chunked: `<hex size>\r\n<data>\r\n ... 0\r\n<trailers>`. */
function dechunk(text: string): string {
  let out = "";
  let at = 0;
  for (;;) {
    const eol = text.indexOf("\r\n", at);
    const size = parseInt(text.slice(at, eol).split(";")[0], 16);
    if (!size) return out;
    out += text.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

function respond(statusCode: number, body: string, headers: Record<string, string> = {}, withLength = true) {
  return { response: { statusCode, headers: { ...(withLength ? { "content-length": String(Buffer.byteLength(body)) } : {}), ...headers }, body: Readable.from([Buffer.from(body)]) } };
}

const xmlError = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`;
const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
