/**
 * What the program hands the Worker: one key-table entry per gateway key (Workers KV, written by
 * the Workload component), and the route and rate-limit tables (written into the Worker's script
 * by the FrontDoor component: embedded-tables.ts). The KV key is the lowercase hex SHA-256 of the
 * gateway key's plaintext; the plaintext itself is never stored.
 */
import type { EndpointFamily } from "../../stacks/endpoint-families";
export interface KeyTableEntry {
  /** Schema version of this entry, bumped on incompatible changes. */
  v: 1;
  environment: string;
  workload: string;
  /** The key's name in the stack file (workloads.<w>.keys[].name). */
  keyName: string;
  /** Route names the key may call, as `dynamic/<route>` models. */
  routes: string[];
  /** Plain `provider/model` ids the key may call. */
  models: string[];
  /** YYYY-MM-DD: the key is refused from 00:00 UTC on this date. */
  expiresOn: string;
  /**
   * Endpoint families the key may call (stacks/endpoint-families.ts). Absent means every family:
   * entries written before keys named families keep working as they did, without a version bump.
   */
  families?: EndpointFamily[];
  /** CIDRs the key may be used from; absent means any address. */
  allowedIps?: string[];
}

/** One route as the Worker serves it: both graphs are deployed, `active` picks the one clients get. */
export interface RouteEntry {
  /** Cloudflare names of the route's graphs (content-addressed: a changed graph gets a new name). */
  graphs: { primary: string; rollback?: string };
  active: "primary" | "rollback";
  /** Percent of requests tagged cohort canary (0-100); the graphs branch on it. */
  canaryPercent: number;
}

/** Route label -> its entry (the script's tables, embedded-tables.ts). */
export type RouteTable = Record<string, RouteEntry>;

/** Workload label -> requests per minute per gateway key (the script's tables, embedded-tables.ts). */
export type RateLimitTable = Record<string, number>;

/** The rate-limiting bindings' period: a minute (Cloudflare allows 10 or 60 seconds). */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

/** Name of the Workers rate-limiting binding that enforces `requestsPerMinute`: one per distinct limit. */
export function rateLimitBindingName(requestsPerMinute: number): string {
  return `RATE_LIMIT_${requestsPerMinute}`;
}

/**
 * The rate-limiting binding that counts failed key attempts (a key never issued, or one used from
 * outside its `allowedIps`) per client address, and how many a period allows.
 */
export const KEY_FAILURES_BINDING = "KEY_FAILURES";
export const KEY_FAILURES_PER_MINUTE = 20;
