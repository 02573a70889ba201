/**
 * `requestsPerMinute`, enforced with Workers rate-limiting bindings: one binding per distinct
 * limit (RATE_LIMIT_<n>, period 60 s), counted per gateway key (its digest). Cloudflare counts
 * per location and eventually consistently (workers/runtime-apis/bindings/rate-limit/: "local
 * to the Cloudflare location", "permissive, eventually consistent"): a key may briefly exceed
 * its limit, and one calling from several locations gets the limit in each.
 */
import { RATE_LIMIT_PERIOD_SECONDS, rateLimitBindingName, type RateLimitTable } from "./key-entry";

/** Seconds a refused caller is told to wait: the binding's period, the longest a count can last. */
export const RETRY_AFTER_SECONDS = RATE_LIMIT_PERIOD_SECONDS;

export type RateDecision = "ok" | "limited" | "misconfigured";

export async function checkRateLimit(env: Record<string, unknown>, table: RateLimitTable, workload: string, digest: string): Promise<RateDecision> {
  const perMinute = Object.hasOwn(table, workload) ? table[workload] : undefined;
  if (perMinute === undefined) return "ok";
  const binding = env[rateLimitBindingName(perMinute)] as RateLimit | undefined;
  // Table and bindings come in one Worker version: a gap is a bug, refused rather than unlimited.
  if (binding === undefined || typeof binding.limit !== "function") return "misconfigured";
  const { success } = await binding.limit({ key: digest });
  return success ? "ok" : "limited";
}
