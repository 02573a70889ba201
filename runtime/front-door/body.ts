/**
 * The request body, read whole (the scope check reads the model from it) but never held past a
 * limit: an isolate has 128 MB for every request it serves at once (Workers limits), and the body
 * is held once, as bytes. A Content-Length sent alone frames the body (the runtime ends it there),
 * so a declared length within the limit bounds the read. One sent beside `Transfer-Encoding:
 * chunked` says nothing about the body that follows (RFC 9112 §6.3: the chunked framing wins), so
 * then, and without a length, the bytes are counted as they arrive and the declared length never
 * decides how much is read. A body over the limit is read to its end and dropped, never kept, so
 * that an HTTP/1.1 client still writing it receives the 413 rather than a reset connection
 * (Cloudflare's own request size limit bounds that read).
 */

/** Largest request body the front door accepts: 16 MiB, answered 413 above (docs/front-door.md). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The body's bytes, or undefined when more than `limit` of them arrive. */
export async function readBody(request: Request, limit: number = MAX_BODY_BYTES): Promise<Uint8Array | undefined> {
  const stream = request.body;
  if (stream === null) return new Uint8Array(0);
  const declared = request.headers.get("content-length");
  if (declared !== null && framedByLength(declared, limit) && !request.headers.has("transfer-encoding")) {
    // The runtime holds the body to that length, so it is the bound: read in one call (the
    // cheapest read the runtime has), and checked once more all the same.
    const bytes = new Uint8Array(await request.arrayBuffer());
    return bytes.byteLength <= limit ? bytes : undefined;
  }
  const reader = byteReader(stream);
  const chunks = reader ? await readAtLeastChunks(reader, firstRead(declared, limit), limit) : await readChunks(stream, limit);
  if (chunks === undefined) return undefined;
  // Most bodies arrive as one chunk: kept as it came, not copied.
  if (chunks.length === 1) return chunks[0];
  let size = 0;
  for (const chunk of chunks) size += chunk.byteLength;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * Whether a Content-Length (sent without Transfer-Encoding) is one the runtime frames the body by,
 * within the limit. workerd's HTTP server takes a request's body length from its headers:
 * Transfer-Encoding first, else a Content-Length of decimal digits, read as a fixed-length
 * stream that ends at that length whatever the client sends after it (capnproto
 * c++/src/kj/compat/http.c++, HttpInputStreamImpl::getEntityBody and HttpFixedLengthEntityReader).
 */
function framedByLength(declared: string, limit: number): boolean {
  return /^\d{1,9}$/.test(declared) && Number(declared) <= limit;
}

/** The first read asks for one byte more than declared, so a longer body shows at once; never more than this, whatever is declared. */
const FIRST_READ_MAX = 1 << 20;
/** The first read without a declared length. */
const FIRST_READ_UNDECLARED = 16 << 10;
/** Reads of a body over the limit, which is read to its end and dropped. */
const DRAIN_READ = 64 << 10;

/** How many bytes the first read asks for: the declared length (a hint only, never trusted) plus one, bounded. */
function firstRead(declared: string | null, limit: number): number {
  const length = declared === null ? NaN : Number(declared);
  return Math.min(Number.isSafeInteger(length) && length >= 0 ? length : FIRST_READ_UNDECLARED, limit, FIRST_READ_MAX) + 1;
}

/** workerd's bring-your-own-buffer reader, with its own `readAtLeast` (which the root tsconfig's DOM types do not know). */
interface AtLeastReader {
  readAtLeast(minBytes: number, view: Uint8Array): Promise<{ done: boolean; value?: Uint8Array }>;
  read(view: Uint8Array): Promise<{ done: boolean; value?: Uint8Array }>;
}

/** A request body's reader in workerd; undefined elsewhere (Node's streams in the tests). */
function byteReader(body: ReadableStream<Uint8Array>): AtLeastReader | undefined {
  try {
    const reader = body.getReader({ mode: "byob" });
    if (typeof (reader as Partial<AtLeastReader>).readAtLeast === "function") return reader as unknown as AtLeastReader;
    reader.releaseLock();
  } catch {
    // Not a byte stream.
  }
  return undefined;
}

/**
 * The body in reads that each wait for a whole buffer, filled by the runtime without returning to
 * JavaScript: a body that fits the first read (declared length plus one) takes one read, where a
 * chunk reader takes two (the second only to learn that the stream ended). `readAtLeast` returns
 * fewer bytes than asked only when the stream has ended (workerd src/workerd/api/streams/readable.h,
 * ReadableStreamBYOBReader::readAtLeast; developers.cloudflare.com/workers/runtime-apis/streams/
 * readablestreambyobreader). Each further read asks for as much as is held so far, up to one byte
 * over the limit: memory is what arrived, at most twice, never what was declared.
 */
async function readAtLeastChunks(reader: AtLeastReader, first: number, limit: number): Promise<Uint8Array[] | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let room = first; ; room = Math.min(size, limit + 1 - size)) {
    const { value, done } = await reader.readAtLeast(room, new Uint8Array(room));
    if (done || value === undefined) return chunks;
    size += value.byteLength;
    if (size > limit) {
      // Read to its end, dropped: an HTTP/1.1 client still writing receives the 413, not a reset.
      for (let scratch: Uint8Array = new Uint8Array(DRAIN_READ); ; ) {
        const rest = await reader.read(scratch);
        if (rest.done || rest.value === undefined) return undefined;
        scratch = new Uint8Array(rest.value.buffer);
      }
    }
    chunks.push(value);
    if (value.byteLength < room) return chunks;
  }
}

/** The body chunk by chunk, as the stream delivers it (any stream). */
async function readChunks(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array[] | undefined> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size <= limit) chunks.push(value);
    else chunks.length = 0;
  }
  return size > limit ? undefined : chunks;
}

/** The body's bytes as JSON, or undefined when they are not JSON (UTF-8, as JSON is sent: RFC 8259 §8.1). */
export function bodyJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

/** The body's bytes as form data (multipart or urlencoded, per `contentType`), or undefined when they are not. */
export async function bodyFormData(bytes: Uint8Array, contentType: string): Promise<FormData | undefined> {
  try {
    return await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch {
    return undefined;
  }
}
