/**
 * The request body, read whole (the scope check reads the model from it) but never held past a
 * limit: an isolate has 128 MB for every request it serves at once (Workers limits), and the body
 * is held once, as bytes. The bytes are counted as they arrive, whatever the request declares: a
 * Content-Length is the client's word, and one sent beside `Transfer-Encoding: chunked` says
 * nothing about the body that follows (RFC 9112 §6.3: the chunked framing wins), so it never
 * decides how much is read. A body over the limit is read to its end and dropped, never kept, so
 * that an HTTP/1.1 client still writing it receives the 413 rather than a reset connection
 * (Cloudflare's own request size limit bounds that read).
 */

/** Largest request body the front door accepts: 16 MiB, answered 413 above (docs/front-door.md). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The body's bytes, or undefined when more than `limit` of them arrive. */
export async function readBody(request: Request, limit: number = MAX_BODY_BYTES): Promise<Uint8Array | undefined> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size <= limit) chunks.push(value);
    else chunks.length = 0;
  }
  if (size > limit) return undefined;
  // Most bodies arrive as one chunk: kept as it came, not copied.
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
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
