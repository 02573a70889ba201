/**
 * The key a client presents (the way each SDK sends it), its digest, and the headers that go
 * upstream without any client credential or client-set AI Gateway control header.
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
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Client credentials, hop-specific headers, and the front door's own control headers. */
const NEVER_FORWARDED = new Set(["authorization", "x-api-key", "x-goog-api-key", "host", "content-length", "x-switchyard-sticky", "cookie"]);

/** Request headers for AI Gateway: the client's own minus credentials and every `cf-aig-*`. */
export function forwardedHeaders(client: Headers): Headers {
  const out = new Headers();
  client.forEach((value, name) => {
    const lower = name.toLowerCase();
    if (NEVER_FORWARDED.has(lower) || lower.startsWith("cf-aig-")) return;
    out.set(lower, value);
  });
  return out;
}

/** The request URL's query for upstream, without `key`. */
export function forwardedQuery(url: URL): string {
  const params = new URLSearchParams(url.searchParams);
  params.delete("key");
  const text = params.toString();
  return text ? `?${text}` : "";
}
