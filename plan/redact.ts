/**
 * The last guard before any format is written: every string in the report is scrubbed of known
 * secret values (the inputs the program marked secret, the config values given to the run).
 * The report model holds no resource inputs, so this only matters if a policy message ever
 * quotes a value.
 */
import type { CapturedResource } from "../engine/capture";

export const REDACTED = "[secret]";

/** Values shorter than this are not scrubbed: they would blank ordinary words. */
const MIN_SECRET_LENGTH = 6;

/** The string values found at a captured resource's secret input paths. */
export function secretValuesOf(resources: ReadonlyArray<Pick<CapturedResource, "inputs" | "secretPaths">>): string[] {
  const out = new Set<string>();
  for (const r of resources) {
    for (const path of r.secretPaths ?? []) collectStrings(valueAt(r.inputs, path), out);
  }
  return [...out];
}

function valueAt(root: unknown, path: string): unknown {
  let v: unknown = root;
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[m[2] !== undefined ? Number(m[2]) : (m[1] as string)];
  }
  return v;
}

function collectStrings(value: unknown, out: Set<string>): void {
  if (typeof value === "string") {
    out.add(value);
    // A secret may be JSON holding secrets (a secret string of key -> value): scrub the parts too.
    if (/^[[{]/.test(value)) {
      try {
        collectStrings(JSON.parse(value), out);
      } catch {
        /* not JSON */
      }
    }
  } else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => collectStrings(v, out));
}

/** A hash of the MIN_SECRET_LENGTH characters of `text` from `start`. */
function windowHash(text: string, start: number): number {
  let hash = 0;
  for (let i = start; i < start + MIN_SECRET_LENGTH; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** A deep copy of `value` with every occurrence of each secret replaced by REDACTED. */
export function redact<T>(value: T, secrets: Iterable<string>): T {
  const list = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  if (list.length === 0) return value;
  // A string holds a secret only where its first characters start: most strings are passed by one
  // look at each of their positions, not a search for each of thousands of secrets (a large stack).
  const starts = new Set(list.map((secret) => windowHash(secret, 0)));
  const mayHold = (text: string) => {
    for (let i = 0; i + MIN_SECRET_LENGTH <= text.length; i++) if (starts.has(windowHash(text, i))) return true;
    return false;
  };
  const scrub = (s: string) => (mayHold(s) ? list.reduce((text, secret) => (text.includes(secret) ? text.split(secret).join(REDACTED) : text), s) : s);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return scrub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [scrub(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
