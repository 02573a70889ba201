/**
 * One entry of the front door's key table (Workers KV): written by the Workload component,
 * read by the Worker. The KV key is the lowercase hex SHA-256 of the gateway key's plaintext;
 * the plaintext itself is never stored here.
 */
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
  /** CIDRs the key may be used from; absent means any address. */
  allowedIps?: string[];
  /** Requests per minute for this workload, when the stack file sets one. */
  requestsPerMinute?: number;
}

/** Per-route settings the Worker needs (plain-text binding ROUTES, JSON of this map). */
export type RouteTable = Record<string, { canaryPercent: number }>;
