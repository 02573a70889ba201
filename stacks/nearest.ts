/** "Did you mean": the one rule for suggesting a name, used by the stack-file checks and the CLI. */
import { closest, distance } from "fastest-levenshtein";

/** The same letters in another order (form, from): a swap, which Levenshtein counts as two edits. */
const swapped = (a: string, b: string) => a.length === b.length && [...a].sort().join("") === [...b].sort().join("");

/** The name in `candidates` closest to `input`, when it is close enough to be a likely typo. */
export function nearest(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const near = closest(input, candidates as string[]);
  const edits = distance(input, near);
  // One edit per three characters, at least one; or one swap of two letters.
  return edits <= Math.max(1, Math.floor(input.length / 3)) || (edits === 2 && swapped(input, near)) ? near : undefined;
}
