/**
 * Renames: an entry's `renamedFrom` names the labels it had before, and the components alias every
 * resource built from those labels, so a rename keeps the resources (docs/day-two.md). A former
 * label must therefore name no current entry of the section, and no two entries may claim it.
 */
import type { StackFile } from "./schema";

/** The sections whose entries may be renamed. */
export const RENAMEABLE_SECTIONS = ["providerKeys", "routes", "workloads"] as const;
export type RenameableSection = (typeof RENAMEABLE_SECTIONS)[number];

/** Former label -> current label, for one section. */
export function formerLabels(section: Record<string, { renamedFrom?: readonly string[] }>): Map<string, string> {
  const former = new Map<string, string>();
  for (const [label, entry] of Object.entries(section)) for (const old of entry.renamedFrom ?? []) if (!former.has(old)) former.set(old, label);
  return former;
}

export function checkRenames(stack: StackFile, add: (path: ReadonlyArray<string | number>, message: string) => void): void {
  for (const section of RENAMEABLE_SECTIONS) {
    const entries: Record<string, { renamedFrom?: readonly string[] }> = stack[section];
    const claimed = new Map<string, string>();
    for (const [label, entry] of Object.entries(entries)) {
      (entry.renamedFrom ?? []).forEach((old, i) => {
        const at = [section, label, "renamedFrom", i];
        if (old === label) add(at, `"${old}" is this entry's own label; list only the labels it had before`);
        else if (Object.hasOwn(entries, old)) add(at, `"${old}" is still an entry of ${section}: a label is either current or former. Remove that entry, or this line`);
        else if (claimed.has(old)) add(at, `"${old}" is already a former label of ${section}.${claimed.get(old)}: one entry inherits a label's resources`);
        else claimed.set(old, label);
      });
    }
  }
}
