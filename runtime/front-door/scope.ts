/**
 * What a key may call, and whether a requested model is inside that. Pure: Node tests call it.
 */
import { dynamicModel, dynamicName } from "../../stacks/providers";
import type { KeyTableEntry } from "./key-entry";
import { quoted } from "./refusals";
import { FAMILIES, type ForwardedFamily } from "./endpoints";

/** Route names without the `dynamic/` prefix (the key table may carry either form). */
export function routeNamesOf(entry: Pick<KeyTableEntry, "routes">): string[] {
  return entry.routes.map((r) => dynamicName(r) ?? r);
}

/** Everything the key may call, as model ids a client sends: `dynamic/<route>` then `provider/model`. */
export function callableModels(entry: Pick<KeyTableEntry, "routes" | "models">): string[] {
  return [...routeNamesOf(entry).map(dynamicModel), ...entry.models];
}

export type ScopeDecision =
  | { ok: true; target: string; route?: string }
  | { ok: false; reason: "not_in_scope" | "bad_request"; message: string };

/** The canonical id of a requested model on an endpoint family (bare ids get the family's provider). */
export function canonicalModel(family: ForwardedFamily, requested: string): string {
  if (dynamicName(requested) !== undefined) return requested;
  const provider = FAMILIES[family].provider;
  if (requested.startsWith(`${provider}/`)) return requested;
  // Chat completions also reaches other providers (compat endpoint or their own chat path) as provider/model.
  if (family === "openai-chat" && requested.includes("/")) return requested;
  return `${provider}/${requested}`;
}

export function resolveScope(family: ForwardedFamily, requested: unknown, entry: KeyTableEntry): ScopeDecision {
  if (typeof requested !== "string" || requested.trim() === "") {
    return { ok: false, reason: "bad_request", message: "the request names no model" };
  }
  const canonical = canonicalModel(family, requested);
  // Only a refusal spells out what the key may call: the request that passes does not pay for it.
  const outside = (): ScopeDecision => {
    const mayCall = callableModels(entry);
    return {
      ok: false,
      reason: "not_in_scope",
      message: `key "${entry.keyName}" of workload "${entry.workload}" may not call ${quoted(requested)}; it may call: ${mayCall.length ? mayCall.join(", ") : "nothing"}`,
    };
  };
  const route = dynamicName(canonical);
  if (route !== undefined) {
    if (family !== "openai-chat") {
      return { ok: false, reason: "bad_request", message: `dynamic routes accept only OpenAI chat completions (POST /v1/chat/completions), not ${quoted(requested)} here` };
    }
    return routeNamesOf(entry).includes(route) ? { ok: true, target: canonical, route } : outside();
  }
  return entry.models.includes(canonical) ? { ok: true, target: canonical } : outside();
}

const DAY_MS = 86_400_000;
/** The UTC day last asked about: every request asks, and the answer changes once a day. */
let day: { from: number; to: number; date: string } | undefined;

/** UTC calendar date of `now`, YYYY-MM-DD. */
export function utcDate(now: Date): string {
  const t = now.getTime();
  if (day === undefined || t < day.from || t >= day.to) {
    const from = Math.floor(t / DAY_MS) * DAY_MS;
    day = { from, to: from + DAY_MS, date: new Date(from).toISOString().slice(0, 10) };
  }
  return day.date;
}

/** A key is refused from 00:00 UTC on its `expiresOn` date. */
export function keyExpired(expiresOn: string, now: Date): boolean {
  return utcDate(now) >= expiresOn;
}
