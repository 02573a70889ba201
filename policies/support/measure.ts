/**
 * Sizes as the vendors count them, over values a preview may leave partly unknown: an unknown
 * value counts as empty, so a size is a lower bound and a size over a limit is certainly over it.
 */
import { isUnknown, raw } from "./known";

/** UTF-8 bytes of a known string; 0 for an unknown or absent one. */
export function bytesOf(value: unknown): number {
  return typeof value === "string" && !isUnknown(value) ? Buffer.byteLength(value, "utf8") : 0;
}

/** Characters of a known string; 0 for an unknown or absent one. */
export function charactersOf(value: unknown): number {
  return typeof value === "string" && !isUnknown(value) ? value.length : 0;
}

/** Characters other than white space, as IAM counts a policy's size. */
export function nonWhitespaceCharactersOf(value: unknown): number {
  return typeof value === "string" && !isUnknown(value) ? value.replace(/\s/g, "").length : 0;
}

/** The entries of a list; 0 when it is absent or unknown as a whole. */
export function entriesOf(value: unknown): number {
  const list = raw(value);
  return Array.isArray(list) ? list.length : 0;
}

/** A plain object's own entries; [] when it is absent or unknown. */
export function fieldsOf(value: unknown): Array<[string, unknown]> {
  const object = raw(value);
  return object !== null && typeof object === "object" && !Array.isArray(object) ? Object.entries(object as Record<string, unknown>) : [];
}

/** "4,123" */
export const count = (n: number): string => n.toLocaleString("en-US");
