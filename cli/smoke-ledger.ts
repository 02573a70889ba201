/**
 * `switchyard smoke --ledger DIR|s3://…`: whether the smoke's requests reached the usage ledger,
 * and under which labels. AI Gateway answers every logged request with its log id
 * (`cf-aig-log-id`: developers.cloudflare.com/ai-gateway/evaluations/add-human-feedback-api,
 * "Locate the cf-aig-log-id in the request response"); the exporter keeps, per hour, the log ids
 * each ledger row counts (its hour truth, runtime/usage-export/ledger-store.ts), and entries it
 * could not count in quarantine. So each smoke request is looked up by its own id: counted, and
 * under which workload and gateway key labels; quarantined, and why; or not there yet. The key the
 * smoke used is known by name (--key-name) or as its workload's only key; otherwise the ledger must
 * show one key of that workload for every request.
 */
import { checkpointKey, parseCheckpoint } from "../runtime/usage-export/checkpoint";
import { hourOf } from "../runtime/usage-export/gateway-log";
import { NO_KEY } from "../runtime/usage-export/ledger-row";
import { hourQuarantineKey, hourStateKey, type HourTruth } from "../runtime/usage-export/ledger-store";
import type { StackSpec } from "../stacks/schema";
import type { Source } from "./ledger-source";
import type { SmokeResult } from "./smoke-answer";
import type { LedgerSighting } from "./smoke-steps";

/** A log's created_at may trail the call's start by this much (a slow upstream) and still be the smoke's. */
const SKEW_MS = 10 * 60_000;

/** The ledger row a request is counted in. */
export interface CountedIn {
  workload: string;
  /** The gateway key label; NO_KEY when the request named none; absent when the row predates key labels (an older exporter). */
  keyName?: string;
  provider: string;
  model: string;
  hour: string;
}

export interface Found {
  logId: string;
  model: string;
  prompt: string;
  /** Counted under this row, quarantined for this reason, or not in the ledger. */
  where: CountedIn | { quarantined: string } | "missing";
}

export interface LedgerLook {
  found: Found[];
  /** How far the exporter has read (its checkpoint's frontier), when the state was found. */
  frontier?: string;
  /** Where the state was read from, or was looked for. */
  stateAt: string;
}

/** Looks each call's log id up in the hour truths (and quarantine) of the hours it may be logged in. */
export async function lookUp(source: Source, environment: string, calls: readonly SmokeResult[]): Promise<LedgerLook> {
  const withIds = calls.filter((c): c is SmokeResult & { logId: string; at: string } => c.logId !== undefined && c.at !== undefined);
  const key = checkpointKey(environment);
  for (const root of source.roots) {
    const read = await root.store.get(key);
    if (!read) continue;
    const frontier = parseCheckpoint(read.text, root.show(key)).frontier;
    const hours = new Set(withIds.flatMap((c) => [hourOf(Date.parse(c.at)), hourOf(Date.parse(c.at) + SKEW_MS)]));
    const rows = new Map<string, CountedIn>();
    const quarantined = new Map<string, string>();
    for (const hour of hours) {
      const truth = await root.store.get(hourStateKey(environment, hour));
      // Read as stored (not through parseTruth): a row without keyName was written by an exporter that did not record keys.
      if (truth) for (const row of (JSON.parse(truth.text) as HourTruth).rows) for (const id of row.ids) rows.set(id, { workload: row.workload, ...(row.keyName === undefined ? {} : { keyName: row.keyName }), provider: row.provider, model: row.model, hour });
      const q = await root.store.get(hourQuarantineKey(environment, hour));
      for (const line of (q?.text ?? "").split("\n").filter((l) => l.trim())) {
        const entry = JSON.parse(line) as { id?: string; reason?: string };
        if (entry.id) quarantined.set(entry.id, entry.reason ?? "quarantined");
      }
    }
    const found = withIds.map((c): Found => {
      const row = rows.get(c.logId);
      const reason = quarantined.get(c.logId);
      return { logId: c.logId, model: c.model, prompt: c.prompt, where: row ?? (reason !== undefined ? { quarantined: reason } : "missing") };
    });
    return { found, frontier, stateAt: root.show(key) };
  }
  return { found: withIds.map((c) => ({ logId: c.logId, model: c.model, prompt: c.prompt, where: "missing" })), stateAt: source.roots[0]?.show(key) ?? key };
}

/** Whether the exporter has read past every call, so a missing id is missing for good. */
export function exportedPast(look: LedgerLook, calls: readonly SmokeResult[]): boolean {
  const last = Math.max(...calls.map((c) => (c.at ? Date.parse(c.at) : 0)));
  return look.frontier !== undefined && Date.parse(look.frontier) > last + SKEW_MS;
}

/** A key label as the report says it. */
const keyShown = (keyName: string | undefined) => (keyName === undefined ? "no recorded key" : keyName === NO_KEY ? "no key label" : `key ${keyName}`);
const list = (items: Iterable<string>) => [...new Set(items)].join(", ");

/**
 * The usage-visible step from what the ledger showed: every request counted under the workload
 * and the gateway key the smoke used. `keyName` is that key when known (--key-name, or the
 * workload's only key); otherwise all requests must be under one key of the workload.
 */
export function sighting(look: LedgerLook, calls: readonly SmokeResult[], spec: StackSpec, workload: string | undefined, keyName?: string): LedgerSighting {
  const n = look.found.length;
  if (calls.length && n === 0) return { status: "left to a person", detail: "the front door's answers carried no cf-aig-log-id, so the smoke's requests cannot be found in the ledger: check that gateway.logs.collect is on" };
  if (look.frontier === undefined) return { status: "failed", detail: `no exporter state at ${look.stateAt}: name the ledger bucket (or a copy of it with state/)` };
  const counted = look.found.filter((f): f is Found & { where: CountedIn } => typeof f.where === "object" && "workload" in f.where);
  const quarantined = look.found.filter((f) => typeof f.where === "object" && "quarantined" in f.where);
  const missing = look.found.filter((f) => f.where === "missing");
  const labels = [...new Set(counted.map((f) => f.where.workload))];
  const wrong = workload === undefined ? (labels.length > 1 ? counted : []) : counted.filter((f) => f.where.workload !== workload);
  if (wrong.length) return { status: "failed", detail: `${wrong.length} of ${n} requests are counted under ${list(wrong.map((f) => f.where.workload))}${workload ? `, not ${workload}` : ""}: the front door's workload label did not reach the ledger as sent` };
  const label = labels[0] ?? workload ?? "";
  const stackKeys = Object.hasOwn(spec.workloads, label) ? spec.workloads[label].keys.map((k) => k.name) : [];
  const expected = keyName ?? (stackKeys.length === 1 ? stackKeys[0] : undefined);
  // Rows of an exporter that predates key labels say nothing about keys: not a wrong key.
  const keyed = counted.filter((f) => f.where.keyName !== undefined);
  const keys = [...new Set(keyed.map((f) => f.where.keyName as string))];
  const wrongKey = expected !== undefined ? keyed.filter((f) => f.where.keyName !== expected) : keys.length > 1 ? keyed : keyed.filter((f) => !stackKeys.includes(f.where.keyName as string));
  if (wrongKey.length) {
    const why = expected !== undefined ? `, not key ${expected}` : keys.length > 1 ? ", but one key sent them all" : `, not a key of ${label}`;
    return { status: "failed", detail: `${wrongKey.length} of ${n} requests are counted under ${list(wrongKey.map((f) => keyShown(f.where.keyName)))}${why}: the front door's key label did not reach the ledger as sent` };
  }
  if (quarantined.length) return { status: "failed", detail: `${quarantined.length} of ${n} requests are quarantined, in no sum: ${list(quarantined.map((f) => (f.where as { quarantined: string }).quarantined))}` };
  if (missing.length) {
    if (exportedPast(look, calls)) return { status: "failed", detail: `the exporter has read up to ${look.frontier}, past these calls, but ${missing.length} of ${n} requests are not in the ledger` };
    return { status: "left to a person", detail: `${missing.length} of ${n} requests are not in the ledger yet: the exporter has read up to ${look.frontier}; run again once it is past the calls` };
  }
  const hours = list(counted.map((f) => f.where.hour).sort());
  if (keyed.length < counted.length) {
    return { status: "left to a person", detail: `all ${n} requests are in the ledger under workload ${label} (hour ${hours}), in rows without key labels: the exporter predates them; deploy the stack to upgrade it, then run again to check the key` };
  }
  const key = keys[0] ?? expected ?? "";
  const which = expected === undefined ? `; ${label} has ${stackKeys.length} keys: name the one in --key-env with --key-name to check it is ${key}` : "";
  return { status: "checked", detail: `all ${n} requests are in the ledger under workload ${label} and key ${key} (hour ${hours})${which}` };
}

/** Looks until the exporter has read past the calls or `waitMs` is over, saying on `progress` what it waits for. */
export async function watchLedger(source: Source, environment: string, calls: readonly SmokeResult[], waitMs: number, progress: (text: string) => void): Promise<LedgerLook> {
  // Four looks per wait at least, at most one every 15 s (a look is a few small reads).
  const pollMs = Math.min(15_000, Math.max(1_000, waitMs / 4));
  const until = Date.now() + waitMs;
  for (;;) {
    const look = await lookUp(source, environment, calls);
    const done = look.found.every((f) => f.where !== "missing") || exportedPast(look, calls) || look.frontier === undefined;
    if (done || Date.now() + pollMs > until) return look;
    progress(`waiting for the usage exporter: ${look.found.filter((f) => f.where === "missing").length} of ${look.found.length} smoke requests not in the ledger yet (read up to ${look.frontier})\n`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
