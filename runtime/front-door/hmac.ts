/**
 * HMAC-SHA-256 under the front door's secret (its gateway token, which no caller holds): the
 * sticky cohort draw (cohort.ts) and the marks on batch object ids (object-ids.ts). Each use puts
 * its own label first in what it signs, so the MACs of one use mean nothing to the other.
 */
type HmacKey = ReturnType<typeof crypto.subtle.importKey>;
let imported: { secret: string; key: HmacKey } | undefined;

/** The HMAC key for one secret, imported once per isolate (the secret is fixed for a Worker version). */
function hmacKey(secret: string): HmacKey {
  if (imported?.secret !== secret) {
    imported = { secret, key: crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]) };
  }
  return imported.key;
}

const encoder = new TextEncoder();

/** HMAC-SHA-256 of `message` under `secret`. */
export async function hmac(secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(message)));
}
