/**
 * `requestsPerMinute`, enforced with Workers rate-limiting bindings: one binding per distinct
 * limit (RATE_LIMIT_<n>, period 60 s), counted per gateway key (its digest). Cloudflare counts
 * per location and eventually consistently (workers/runtime-apis/bindings/rate-limit/: "local
 * to the Cloudflare location", "permissive, eventually consistent"): a key may briefly exceed
 * its limit, and one calling from several locations gets the limit in each.
 *
 * Failed key attempts are limited per client address the same way (KEY_FAILURES, counted on
 * CF-Connecting-IP): past the limit an address is refused before its key is looked at, whatever
 * key it sends, so a guess that hits a real key is answered like every other guess. Cloudflare
 * advises against keying on addresses, which many users share (the binding's docs, "Best
 * practices"): only failures count here. Miniflare runs these bindings (miniflare 4.20260730
 * dist/src/workers/ratelimit/ratelimit.worker.js, counted by a Durable Object in windows of the
 * period), which is how the tests in test/front-door/ exercise them.
 */
import { KEY_FAILURES_BINDING, RATE_LIMIT_PERIOD_SECONDS, rateLimitBindingName, type RateLimitTable } from "./key-entry";

/** Seconds a refused caller is told to wait: the binding's period, the longest a count can last. */
export const RETRY_AFTER_SECONDS = RATE_LIMIT_PERIOD_SECONDS;

export type RateDecision = "ok" | "limited" | "misconfigured";

type Bindings = Record<string, unknown>;

function bindingOf(env: Bindings, name: string): RateLimit | undefined {
  const binding = env[name] as RateLimit | undefined;
  return binding !== undefined && typeof binding.limit === "function" ? binding : undefined;
}

export async function checkRateLimit(env: Bindings, table: RateLimitTable, workload: string, digest: string): Promise<RateDecision> {
  const perMinute = Object.hasOwn(table, workload) ? table[workload] : undefined;
  if (perMinute === undefined) return "ok";
  const binding = bindingOf(env, rateLimitBindingName(perMinute));
  // Table and bindings come in one Worker version: a gap is a bug, refused rather than unlimited.
  if (binding === undefined) return "misconfigured";
  const { success } = await binding.limit({ key: digest });
  return success ? "ok" : "limited";
}

/** At most this many addresses are remembered as over their limit (oldest forgotten first). */
const MAX_BLOCKED_ADDRESSES = 10_000;

/**
 * Addresses this isolate has seen go over their failure limit, until when. The binding only
 * counts (each call adds one), so the isolate remembers the verdict to refuse the address's
 * next requests, valid key or not, without another count. Another isolate learns it on the
 * address's next failure there.
 */
const blockedUntil = new Map<string, number>();

const addressKey = (address: string | null): string => address ?? "no-address";

/** Is `address` refused for failed key attempts right now? */
export function keyFailuresBlocked(address: string | null, now: number): boolean {
  if (blockedUntil.size === 0) return false;
  const until = blockedUntil.get(addressKey(address));
  if (until === undefined) return false;
  if (until > now) return true;
  blockedUntil.delete(addressKey(address));
  return false;
}

/** Counts one failed key attempt from `address`; "limited" once it is over the binding's limit (KEY_FAILURES_PER_MINUTE, key-entry.ts). */
export async function countKeyFailure(env: Bindings, address: string | null, now: number): Promise<RateDecision> {
  const binding = bindingOf(env, KEY_FAILURES_BINDING);
  if (binding === undefined) return "misconfigured";
  const key = addressKey(address);
  const { success } = await binding.limit({ key });
  if (success) return "ok";
  if (blockedUntil.size >= MAX_BLOCKED_ADDRESSES) blockedUntil.delete(blockedUntil.keys().next().value as string);
  blockedUntil.set(key, now + RETRY_AFTER_SECONDS * 1000);
  return "limited";
}
