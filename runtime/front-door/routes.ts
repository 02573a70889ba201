/**
 * Which graph of a route serves a request. Both graphs of a route are deployed; the route table
 * (in the Worker's script, embedded-tables.ts) names them and says which is active, so a rollback
 * is a new Worker version with another `active`, never a change at the gateway. A caller may ask for a graph by name
 * with `x-switchyard-target` (how `switchyard smoke --target rollback` tries the standby).
 */
import type { RouteTable } from "./key-entry";

export const TARGET_HEADER = "x-switchyard-target";

export type GraphChoice =
  | { ok: true; graph: string; canaryPercent: number }
  | { ok: false; reason: "bad_request" | "misconfigured"; message: string };

export function chooseGraph(table: RouteTable, route: string, asked: string | null): GraphChoice {
  const entry = Object.hasOwn(table, route) ? table[route] : undefined;
  if (!entry) return { ok: false, reason: "misconfigured", message: `route "${route}" is in the key's scope but not in the front door's route table` };
  const role = asked ?? entry.active;
  if (role !== "primary" && role !== "rollback") return { ok: false, reason: "bad_request", message: `${TARGET_HEADER} must be primary or rollback` };
  const graph = entry.graphs[role];
  if (graph === undefined) return { ok: false, reason: "bad_request", message: `route "${route}" has no ${role} target` };
  return { ok: true, graph, canaryPercent: entry.canaryPercent };
}
