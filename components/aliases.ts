/**
 * Identity through a rename. A resource's URN holds its logical name, which is built from a
 * stack-file label; when the label changes, the engine would delete the old resource and create a
 * new one. An alias per former label (`renamedFrom`, stacks/renames.ts) tells the engine that the
 * resource once had the logical name built from that label, so it updates the resource in place
 * (Pulumi docs, concepts/options/aliases: "aliases ... to be treated as the same resource").
 * Children are aliased explicitly rather than through the parent's alias, so a capture sees every
 * alias the engine will use.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The `aliases` option for a resource whose logical name is `nameFor(label)`, or nothing when never renamed. */
export function formerNames(renamedFrom: readonly string[] | undefined, nameFor: (label: string) => string): { aliases?: pulumi.Input<pulumi.Alias | string>[] } {
  return renamedFrom?.length ? { aliases: renamedFrom.map((label) => ({ name: nameFor(label) })) } : {};
}
