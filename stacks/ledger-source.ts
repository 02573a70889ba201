/**
 * What the usage ledger's source needs from the stack file (docs/ledger.md, "The source"):
 * - the gateway keeps enough logs for the exporter to read them, late ones included, before it
 *   deletes its oldest (gateway.logs.maxStored against usageLedger.peakRequestsPerMinute, the
 *   schedule and the lateness horizon);
 * - in production, every model a budgeted workload can call has a fallback price, so its requests
 *   the gateway logs without a cost still count toward the budget.
 */
import { healthyLagMinutes, LATENESS_HORIZON_MINUTES, windowMinutesFor } from "../runtime/usage-export/contract";
import { isProduction } from "./environment";
import { callsGateway } from "./paths";
import type { StackFile } from "./schema";

type FieldPath = ReadonlyArray<string | number>;

const number = (n: number) => n.toLocaleString("en-US");

/**
 * The minutes of logs the gateway must keep: the exporter reads a window up to healthyLagMinutes
 * after it began, and re-reads it for late logs for the lateness horizon after that.
 */
export const minutesKept = (exportEveryMinutes: number): number => healthyLagMinutes(exportEveryMinutes) + LATENESS_HORIZON_MINUTES;

/** The logs gateway.logs.maxStored must hold at the peak rate. */
export function logsNeeded(peakRequestsPerMinute: number, exportEveryMinutes: number): number {
  return peakRequestsPerMinute * minutesKept(exportEveryMinutes);
}

/** The models a workload can reach through the gateway: its own models and its routes' targets. */
function reachableModels(stack: StackFile, workload: StackFile["workloads"][string]): string[] {
  const models = new Set(workload.models);
  for (const name of workload.routes) {
    const route = Object.hasOwn(stack.routes, name) ? stack.routes[name] : undefined;
    if (!route) continue;
    for (const target of [route.primary, route.canary, ...route.fallbacks, route.rollback]) if (target) models.add(target.model);
  }
  return [...models].sort();
}

export function checkLedgerSource(stack: StackFile, add: (path: FieldPath, message: string) => void): void {
  const ledger = stack.usageLedger;
  if (!ledger.enabled || !stack.gateway.logs.collect) return;
  const production = isProduction(stack.environment);
  const peak = ledger.peakRequestsPerMinute;
  if (peak === undefined) {
    if (production) add(["usageLedger", "peakRequestsPerMinute"], "required in production: the busiest minute's requests, so that gateway.logs.maxStored can be checked to hold the logs until the exporter reads them");
  } else if (stack.gateway.logs.whenFull === "delete-oldest") {
    const lag = healthyLagMinutes(ledger.exportEveryMinutes);
    const needed = logsNeeded(peak, ledger.exportEveryMinutes);
    const max = stack.gateway.logs.maxStored;
    if (max < needed) {
      add(
        ["gateway", "logs", "maxStored"],
        `holds ${number(max)} logs, ${number(Math.floor(max / peak))} minutes at usageLedger.peakRequestsPerMinute ${number(peak)}, but the exporter reads up to ${lag} minutes behind (10-minute read delay, a ${windowMinutesFor(ledger.exportEveryMinutes)}-minute window, one ${ledger.exportEveryMinutes}-minute schedule period) and re-reads for late logs ${LATENESS_HORIZON_MINUTES} minutes more: ` +
          `expected at least ${number(needed)}, and ${number(peak * 60)} more for each hour of exporter outage to survive; beyond 10,000,000 the logs API cannot follow this traffic (docs/ledger.md, "The source")`,
      );
    }
  }
  if (!production) return;
  const missing = new Set<string>();
  for (const w of Object.values(stack.workloads)) if (w.budget && callsGateway(w.path)) for (const m of reachableModels(stack, w)) if (!Object.hasOwn(ledger.fallbackPrices, m)) missing.add(m);
  if (missing.size) {
    add(
      ["usageLedger", "fallbackPrices"],
      `production needs a fallback price for every model a budgeted workload can call, counted when the gateway logs a request without a cost; missing: ${[...missing].sort().join(", ")}`,
    );
  }
}
