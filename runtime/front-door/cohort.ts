/**
 * The canary cohort of a route request: the route's canary percent of requests, drawn per
 * request, or per caller when the client sends `x-switchyard-sticky` (the same key, route and
 * sticky value always land in the same cohort). The route's conditional node branches on
 * `metadata.cohort`.
 *
 * A caller does not choose its cohort: a sticky draw is an HMAC-SHA-256 of key digest, route and
 * value under a secret the caller never holds (the front door's gateway token), so no caller can
 * compute which values land in the canary. (A plain hash of those three, as before, let a caller
 * compute them offline and place itself in or out at will.)
 */
import { hmac } from "./hmac";

export type Cohort = "canary" | "primary";

export const STICKY_HEADER = "x-switchyard-sticky";

const TWO_TO_32 = 2 ** 32;

/** A uniform number in [0, 100) from the first four bytes of the digest. */
export function percentileOfDigest(digest: Uint8Array): number {
  const n = ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0;
  return (n / TWO_TO_32) * 100;
}

export function cohortFor(percent: number, draw: number): Cohort {
  if (percent <= 0) return "primary";
  if (percent >= 100) return "canary";
  return draw < percent ? "canary" : "primary";
}

export interface StickyDraw {
  /** The front door's secret: the HMAC key. */
  secret: string;
  keyDigest: string;
  route: string;
  /** The caller's sticky value (x-switchyard-sticky). */
  value: string;
}

/** Draws the cohort: sticky (keyed hash of key digest, route and sticky value) or fresh randomness. */
export async function drawCohort(percent: number, sticky: StickyDraw | undefined): Promise<Cohort> {
  if (percent <= 0 || percent >= 100) return cohortFor(percent, 0);
  if (sticky) {
    // The label keeps these MACs apart from anything else the same secret might ever sign.
    const mac = await hmac(sticky.secret, `switchyard-cohort\n${sticky.keyDigest}\n${sticky.route}\n${sticky.value}`);
    return cohortFor(percent, percentileOfDigest(mac));
  }
  const random = crypto.getRandomValues(new Uint32Array(1))[0];
  return cohortFor(percent, (random / TWO_TO_32) * 100);
}
