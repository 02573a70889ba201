/**
 * What a key may call, and whether a requested model is inside that. Pure: Node tests call it.
 */
import { ENDPOINT_FAMILIES, type EndpointFamily } from "../../stacks/endpoint-families";
import { dynamicModel, dynamicName } from "../../stacks/providers";
import type { KeyTableEntry } from "./key-entry";
import { quoted } from "./refusals";
import { API_PROVIDER, type Operation } from "./endpoints";

/** Route names without the `dynamic/` prefix (the key table may carry either form). */
export function routeNamesOf(entry: Pick<KeyTableEntry, "routes">): string[] {
  return entry.routes.map((r) => dynamicName(r) ?? r);
}

/** Everything the key may call, as model ids a client sends: `dynamic/<route>` then `provider/model`. */
export function callableModels(entry: Pick<KeyTableEntry, "routes" | "models">): string[] {
  return [...routeNamesOf(entry).map(dynamicModel), ...entry.models];
}

/** The endpoint families the key may call: an entry without `families` (written before keys named them) may call every family. */
export function familiesOf(entry: Pick<KeyTableEntry, "families">): readonly EndpointFamily[] {
  return entry.families ?? ENDPOINT_FAMILIES;
}

/** Undefined when the key may call `family`, else the refusal's message. */
export function familyRefusal(entry: Pick<KeyTableEntry, "families" | "keyName" | "workload">, family: EndpointFamily, what: string): string | undefined {
  const allowed = familiesOf(entry);
  if (allowed.includes(family)) return undefined;
  return `key "${entry.keyName}" of workload "${entry.workload}" may not call ${what} (endpoint family "${family}"); its families: ${allowed.length ? allowed.join(", ") : "none"}`;
}

/** What the scope check needs of an operation. */
export type ScopedOperation = Pick<Operation, "api" | "chatCompletions">;

export type ScopeDecision =
  | { ok: true; target: string; route?: string }
  | { ok: false; reason: "not_in_scope" | "bad_request"; message: string };

/** The canonical id of a requested model on an operation (bare ids get the API's provider). */
export function canonicalModel(operation: ScopedOperation, requested: string): string {
  if (dynamicName(requested) !== undefined) return requested;
  const provider = API_PROVIDER[operation.api];
  if (requested.startsWith(`${provider}/`)) return requested;
  // Chat completions also reaches other providers (compat endpoint or their own chat path) as provider/model.
  if (operation.chatCompletions && requested.includes("/")) return requested;
  return `${provider}/${requested}`;
}

/** Whether the key may call `requested` on this operation (the family is checked before: familyRefusal). */
export function resolveScope(operation: ScopedOperation, requested: unknown, entry: KeyTableEntry): ScopeDecision {
  if (typeof requested !== "string" || requested.trim() === "") {
    return { ok: false, reason: "bad_request", message: "the request names no model" };
  }
  const canonical = canonicalModel(operation, requested);
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
    if (!operation.chatCompletions) {
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
