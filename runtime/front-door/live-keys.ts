/**
 * The live keys: which gateway keys the deployed Worker version admits, written into its script
 * with the route and rate-limit tables (embedded-tables.ts). A key whose digest is not in this set
 * is refused before its key-table entry is read, whatever KV still holds: revoking a key is one
 * new Worker version, which Cloudflare deploys to all traffic at once, not a KV deletion that
 * propagates for "60 seconds or more" (docs/front-door.md, "How fast a key change is seen").
 *
 * Each live key is its digest's first LIVE_ID_HEX hex digits (the whole 64 would more than double
 * the script; this way a key adds about 15 bytes compressed, 0.23 MB for 5,000 workloads of three
 * keys, against the Free plan's 3 MB: test/front-door/script-tables.test.ts) -> the version of
 * the entry the program wrote: a short SHA-256 of digest and entry text. The Worker serves an
 * entry only when the version of what KV returned is the script's, so a narrowed entry whose old
 * copy a KV location still caches is not served under its old scope once the new version runs.
 * Used by the Worker (WebCrypto) and the FrontDoor component (Node has the same `crypto.subtle`).
 */

/** Hex digits of a key's SHA-256 that name it in the live set: 64 bits, no collision among 10^5 keys in practice (the component refuses one). */
export const LIVE_ID_HEX = 16;
/** Hex digits of an entry's version: 32 bits, so an edited entry's old copy matches by chance once in 4 billion edits. */
export const ENTRY_VERSION_HEX = 8;

/** Live key id (digest prefix) -> entry version. */
export type LiveKeyTable = Record<string, string>;

/** One gateway key as the program wrote it: its key-table name (hex SHA-256) and the entry's exact text. */
export interface WrittenKey {
  digest: string;
  entry: string;
}

/** The id a key's digest has in the live set. */
export const liveKeyId = (digest: string): string => digest.slice(0, LIVE_ID_HEX);

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** The version of one entry: SHA-256 over the label, digest and the entry's text, first ENTRY_VERSION_HEX hex digits. */
export async function entryVersion(digest: string, entry: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`switchyard-key-entry\n${digest}\n${entry}`)));
  let hex = "";
  for (let i = 0; i < ENTRY_VERSION_HEX / 2; i++) hex += HEX[bytes[i]];
  return hex;
}

/** The live set for these keys, sorted by id (the same keys, the same script); throws when two keys share an id. */
export async function liveKeyTable(keys: readonly WrittenKey[]): Promise<LiveKeyTable> {
  const pairs = await Promise.all(keys.map(async (k) => [liveKeyId(k.digest), await entryVersion(k.digest, k.entry)] as const));
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const table: LiveKeyTable = {};
  for (const [id, version] of pairs) {
    // 2^-64 per pair of keys; were it ever to happen, one key could be served with the other's version.
    if (Object.hasOwn(table, id)) throw new Error(`two gateway keys share the live-set id ${id}: regenerate one of them`);
    table[id] = version;
  }
  return table;
}

/** The version the script admits for this digest, or undefined when the key is not live. */
export function liveVersion(table: LiveKeyTable, digest: string): string | undefined {
  const id = liveKeyId(digest);
  return Object.hasOwn(table, id) ? table[id] : undefined;
}
