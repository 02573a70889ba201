/** Gateway traffic for tests: log entries spread over a time range, with exact (picodollar) costs. */
import type { LogListResponse } from "cloudflare/resources/ai-gateway/logs";
import { logEntry } from "../../../stand-ins/cloudflare-logs";

export const MIN = 60_000;
export const T = (iso: string): number => Date.parse(iso);

const MODELS: [string, string][] = [
  ["openai", "gpt-4.1-mini"],
  ["anthropic", "claude-sonnet-4-5"],
  ["google-ai-studio", "gemini-2.5-flash"],
];

let next = 0;

/** The two gateway keys traffic uses for a workload (a web client and a batch job). */
export const keysOf = (workload: string): [string, string] => [`${workload}-web`, `${workload}-batch`];

/**
 * `count` requests evenly over [from, to), cycling workloads, each workload's two keys (keysOf)
 * and models, each visible `delayMs` after it happened. The front door's metadata names both labels.
 */
export function traffic(
  from: number,
  to: number,
  count: number,
  options: { workloads?: string[]; delayMs?: number; costPico?: (i: number) => number; idPrefix?: string } = {},
): { entry: LogListResponse; visibleAt: number }[] {
  const workloads = options.workloads ?? ["checkout", "search"];
  return Array.from({ length: count }, (_, i) => {
    const at = from + Math.floor(((to - from) * i) / count);
    const [provider, model] = MODELS[i % MODELS.length];
    const pico = options.costPico?.(i) ?? 1_000_000 + ((i * 7919) % 5_000_000);
    const workload = workloads[i % workloads.length];
    const keyName = keysOf(workload)[Math.floor(i / workloads.length) % 2];
    const metadata = JSON.stringify({ workload, keyName, environment: "dev", cohort: "primary" });
    const entry = logEntry({ at: new Date(at).toISOString(), id: `${options.idPrefix ?? "log"}-${String(next++).padStart(8, "0")}`, metadata, provider, model, cost: pico / 1e12, tokensIn: 10 + (i % 90), tokensOut: 5 + (i % 40), success: i % 13 !== 0, cached: i % 17 === 0 });
    return { entry, visibleAt: at + (options.delayMs ?? 0) };
  });
}
