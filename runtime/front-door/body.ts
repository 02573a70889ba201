/**
 * The request body, read whole (the scope check reads the model from it) but never held past a
 * limit: an isolate has 128 MB for every request it serves at once (Workers limits), and the body
 * is held once, as bytes. A body over the limit is read to its end and dropped, never kept, so
 * that an HTTP/1.1 client still writing it receives the 413 rather than a reset connection
 * (Cloudflare's own request size limit bounds that read).
 */

/** Largest request body the front door accepts: 16 MiB, answered 413 above (docs/front-door.md). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The body's bytes, or undefined when it is longer than `limit`. */
export async function readBody(request: Request, limit: number = MAX_BODY_BYTES): Promise<Uint8Array | undefined> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) <= limit) {
    // The runtime ends the body at the declared length, so the length alone decides.
    return new Uint8Array(await request.arrayBuffer());
  }
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
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
