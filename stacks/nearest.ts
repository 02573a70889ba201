/** "Did you mean": the one rule for suggesting a name, used by the stack-file checks and the CLI. */
import { closest, distance } from "fastest-levenshtein";

/** The name in `candidates` closest to `input`, when it is close enough to be a likely typo. */
export function nearest(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const near = closest(input, candidates as string[]);
  // One edit per three characters, at least one (a swap of two letters is two edits).
  return distance(input, near) <= Math.max(1, Math.floor(input.length / 3)) ? near : undefined;
}
