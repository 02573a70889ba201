/**
 * Reading values that may be unknown during a preview. The engine hands policies props wrapped
 * in a proxy that throws on unknown values; a policy that can judge a resource without the
 * unknown part (an ARN that only exists after creation) reads it through these helpers instead
 * of failing the whole check.
 */
import { UNKNOWN_SENTINELS } from "./unknown-sentinels";

/** The plain object under the engine's unknown-checking proxy (itself when not proxied). */
export function raw<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    const target = (value as Record<string, unknown>).__getSpecialProxyTarget;
    if (target !== undefined) return target as T;
  }
  return value;
}

export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** The value at `key`: "unknown" when it is computed during a preview, else the plain value. */
export function peek(props: object, key: string): unknown {
  const value = (raw(props) as Record<string, unknown>)[key];
  return isUnknown(value) ? UNKNOWN : value;
}

export const UNKNOWN = Symbol("unknown during preview");

/**
 * The value at `key`, read through the engine's unknown-checking proxy: for a value the verdict
 * depends on. If it is unknown during a preview, the read throws and the engine reports
 * "can't run policy ... during preview" as an advisory instead of a guess.
 */
export function decisive(props: object, key: string): unknown {
  return (props as Record<string, unknown>)[key];
}
