/**
 * The canary cohort of a route request: the route's canary percent of requests, drawn per
 * request, or per caller when the client sends `x-switchyard-sticky` (the same key, route and
 * sticky value always land in the same cohort). The route's conditional node branches on
 * `metadata.cohort`.
 */
export type Cohort = "canary" | "primary";

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

/** Draws the cohort: sticky (hash of key digest, route and sticky value) or fresh randomness. */
export async function drawCohort(percent: number, sticky: { keyDigest: string; route: string; value: string } | undefined): Promise<Cohort> {
  if (percent <= 0 || percent >= 100) return cohortFor(percent, 0);
  if (sticky) {
    const bytes = new TextEncoder().encode(`${sticky.keyDigest}\n${sticky.route}\n${sticky.value}`);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    return cohortFor(percent, percentileOfDigest(digest));
  }
  const random = crypto.getRandomValues(new Uint32Array(1))[0];
  return cohortFor(percent, (random / TWO_TO_32) * 100);
}
