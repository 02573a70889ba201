/**
 * The key a client presents (the way each SDK sends it) and its digest, the key table's KV key.
 * Nothing the client sends goes upstream unless its endpoint family allows it (endpoints.ts).
 */
import { MEMO_MAX_ENTRIES } from "./key-cache";

/** Authorization: Bearer (OpenAI), x-api-key (Anthropic), x-goog-api-key or ?key= (Gemini). */
export function presentedKey(headers: Headers, url: URL): string | undefined {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1].trim();
  }
  for (const name of ["x-api-key", "x-goog-api-key"]) {
    const value = headers.get(name)?.trim();
    if (value) return value;
  }
  const query = url.searchParams.get("key")?.trim();
  return query ? query : undefined;
}

/** Lowercase hex SHA-256: the key table's KV key. */
export async function keyDigest(key: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", ENCODER.encode(key)));
  let hex = "";
  for (let i = 0; i < bytes.length; i++) hex += HEX[bytes[i]];
  if (remembered.size >= REMEMBERED_DIGESTS) remembered.delete(remembered.keys().next().value!);
  remembered.set(key, hex);
  return hex;
}

/** At most this many keys' digests are remembered (oldest forgotten first): as many as the key memo holds. */
export const REMEMBERED_DIGESTS = MEMO_MAX_ENTRIES;

/**
 * Digests this isolate computed lately, by key. Awaiting WebCrypto's digest was one of the largest
 * steps of a request in workerd (bench/front-door-stages.bench.ts), and the keys in use are few and
 * come back: a key's later requests take its digest from here, without an await. The plaintext
 * stays in this isolate's memory, as it is while its request is served, and goes nowhere else.
 */
const remembered = new Map<string, string>();

/** The key's digest when keyDigest computed it lately in this isolate; undefined otherwise. */
export function rememberedDigest(key: string): string | undefined {
  return remembered.get(key);
}

const ENCODER = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
