/**
 * The key a client presents (the way each SDK sends it) and its digest, the key table's KV key.
 * Nothing the client sends goes upstream unless its endpoint family allows it (endpoints.ts).
 */

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
  return hex;
}

const ENCODER = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
