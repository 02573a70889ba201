/**
 * HMAC-SHA-256 under one of the front door's secrets, which no caller holds: the sticky cohort
 * draw (cohort.ts, under the gateway token) and the marks on batch object ids (object-ids.ts,
 * under OBJECT_ID_KEY). Each use puts its own label first in what it signs.
 */
type HmacKey = ReturnType<typeof crypto.subtle.importKey>;
/** At most the Worker's two secrets (the tests' tiny isolates may see a few more). */
const imported = new Map<string, HmacKey>();

/** The HMAC key for a secret, imported once per isolate (secrets are fixed for a Worker version). */
function hmacKey(secret: string): HmacKey {
  let key = imported.get(secret);
  if (key === undefined) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    imported.set(secret, key);
  }
  return key;
}

const encoder = new TextEncoder();

/** HMAC-SHA-256 of `message` under `secret`. */
export async function hmac(secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(message)));
}
