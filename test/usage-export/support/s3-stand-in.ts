/**
 * An in-memory S3 behind a real S3Client: the client is stubbed at the transport (a custom
 * requestHandler), so requests go through the SDK's own serialisers and parsers. Implements what
 * the exporter and `ledger summarize` use: PutObject, GetObject (NoSuchKey), ListObjectsV2 with
 * prefix and continuation tokens.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";

interface HttpRequestLike {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

export class S3StandIn {
  readonly objects = new Map<string, string>();
  readonly calls: { method: string; key: string }[] = [];
  constructor(private readonly pageSize = 1000) {}

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
    this.calls.push({ method: request.method, key });
    if (request.method === "PUT") {
      this.objects.set(key, await bodyText(request));
      return respond(200, "", { etag: '"stand-in"' });
    }
    if (request.method === "GET" && request.query?.["list-type"] === "2") return respond(200, this.list(request.query));
    if (request.method === "GET") {
      const text = this.objects.get(key);
      return text === undefined ? respond(404, xmlError("NoSuchKey", "The specified key does not exist.")) : respond(200, text, { "content-type": "application/octet-stream" });
    }
    return respond(405, xmlError("MethodNotAllowed", request.method));
  }

  private list(query: Record<string, string | string[] | null>): string {
    const prefix = String(query.prefix ?? "");
    const after = query["continuation-token"] ? Buffer.from(String(query["continuation-token"]), "base64").toString() : "";
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
    const page = keys.slice(0, this.pageSize);
    const truncated = keys.length > page.length;
    const contents = page.map((k) => `<Contents><Key>${escapeXml(k)}</Key><Size>${Buffer.byteLength(this.objects.get(k)!)}</Size></Contents>`).join("");
    const next = truncated ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]).toString("base64")}</NextContinuationToken>` : "";
    return `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><IsTruncated>${truncated}</IsTruncated>${next}${contents}</ListBucketResult>`;
  }
}

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

function respond(statusCode: number, body: string, headers: Record<string, string> = {}) {
  return { response: { statusCode, headers: { "content-length": String(Buffer.byteLength(body)), ...headers }, body: Readable.from([Buffer.from(body)]) } };
}

const xmlError = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
