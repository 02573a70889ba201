/**
 * The route table, the workload -> rate-limit table and the live keys (live-keys.ts), as the
 * FrontDoor component writes them into the Worker's own script (script.ts puts one constant before
 * the bundle) rather than into plain-text bindings. The tables grow with routes, workloads and keys, and a binding holds at most
 * 5 KB ("Each environment variable has a size limitation of 5 KB"), while the script may be 10 MB
 * after compression on Workers Paid, 3 MB on Free (cloudflare-docs
 * src/content/docs/workers/platform/limits.mdx, "Environment variables", "Worker size"; the pack
 * checks the compressed script against vendor/limits.ts). The
 * tables change only with a new Worker version, so a route flip or a key revoked is one version.
 */
import type { RateLimitTable, RouteTable } from "./key-entry";
import type { LiveKeyTable } from "./live-keys";

export interface EmbeddedTables {
  routes: RouteTable;
  rateLimits: RateLimitTable;
  /** The gateway keys this version admits (live-keys.ts): revocation travels with the script, not KV. */
  keys: LiveKeyTable;
}

/** Name of the constant the script's first statement declares: the tables as one JSON string. */
export const TABLES_CONSTANT = "SWITCHYARD_TABLES";
// The same name, for the compiler; script.ts writes the declaration (every workerd test fails if the two differ).
declare const SWITCHYARD_TABLES: unknown;

const isTable = (value: unknown): value is object => value !== null && typeof value === "object" && !Array.isArray(value);

/** The tables in `text`, frozen; undefined when it is not JSON of that shape. */
export function parseTables(text: unknown): EmbeddedTables | undefined {
  if (typeof text !== "string") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isTable(value)) return undefined;
  const { routes, rateLimits, keys } = value as Record<string, unknown>;
  // No live set is no key admitted: a script without one reads as unreadable (fails closed).
  if (!isTable(routes) || !isTable(rateLimits) || !isTable(keys)) return undefined;
  return Object.freeze({ routes: Object.freeze(routes) as RouteTable, rateLimits: Object.freeze(rateLimits) as RateLimitTable, keys: Object.freeze(keys) as LiveKeyTable });
}

let parsed: { tables: EmbeddedTables | undefined } | undefined;

/**
 * The script's tables, parsed on first use and kept for the isolate's life (they are fixed for a
 * Worker version). Not at start-up: a Worker's global scope has a start-up time limit (limits.mdx,
 * "Worker startup time"); the first request with a key pays for parsing them (the live set comes
 * before the key table). Undefined when the script carries none or they are unreadable.
 */
export function embeddedTables(): EmbeddedTables | undefined {
  // typeof: a script uploaded without the constant reads as unreadable, not a ReferenceError.
  parsed ??= { tables: parseTables(typeof SWITCHYARD_TABLES === "undefined" ? undefined : SWITCHYARD_TABLES) };
  return parsed.tables;
}
