/**
 * Gateway key names are unique across a stack's workloads: the key table and the workload's
 * secret are keyed by name, and a key belongs to exactly one workload. The loader refuses a
 * second use; switchyard-keys-one-workload reports it in what the engine sends. Both group by
 * this one function.
 */

export interface KeyUse {
  workload: string;
  /** The key's index in the workload's `keys`. */
  index: number;
}

/** Per gateway key name, every workload key that uses it, in declaration order. */
export function keyNameUses(workloads: Iterable<{ workload: string; keys?: ReadonlyArray<{ name: string }> }>): Map<string, KeyUse[]> {
  const uses = new Map<string, KeyUse[]>();
  for (const { workload, keys } of workloads) {
    (keys ?? []).forEach((key, index) => uses.set(key.name, [...(uses.get(key.name) ?? []), { workload, index }]));
  }
  return uses;
}
