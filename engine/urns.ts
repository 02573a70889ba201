/**
 * URNs as the Pulumi engine forms them: a resource's own, and its aliases'. Shared by the capture
 * (engine/capture.ts), which records both, and the mocks (engine/mock-register.ts), which answer a
 * resource by the identity its first alias names.
 */

/** A URN as the Pulumi engine forms it (resource/urn.go): parent's qualified type chain, then `$type`. */
export function engineUrn(stack: string, project: string, parentUrn: string, type: string, name: string): string {
  const qualified = parentUrn ? `${parentUrn.split("::")[2]}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The name a URN ends with (names may contain `::` only in theory; Switchyard's never do). */
export const nameOfUrn = (urn: string): string => urn.slice(urn.lastIndexOf("::") + 2);

/** One alias as the SDK sends it (@pulumi/pulumi proto/alias_pb Alias): a URN, or a spec. */
export interface AliasMessage {
  getUrn(): string;
  hasSpec(): boolean;
  getSpec(): { getName(): string; getType(): string; getStack(): string; getProject(): string; getParenturn(): string; getNoparent(): boolean } | undefined;
}

/** The parts of a RegisterResourceRequest that carry aliases. */
export interface AliasedRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  /** Structured aliases: what the SDK sends when the monitor supports alias specs (the mock monitor does). */
  getAliasesList?(): AliasMessage[];
  /** Plain alias URNs: what the SDK sends to a monitor without alias specs. */
  getAliasurnsList?(): string[];
}

/**
 * The alias URNs of a registered resource, in the order the program gave them, as the engine
 * collapses each spec (pulumi/pulumi pkg/resource/deploy/step_generator.go, collapseAliasToUrn):
 * an empty name or type is the resource's own, an empty parent the resource's parent (`noParent`:
 * none), an empty stack or project the deployment's. The SDK fills in the parent of a spec that
 * names none (sdk/nodejs runtime/resource.ts, mapAliasesForRequest). Not modelled: the engine also
 * derives aliases from the parent's own aliases (generateAliases, inheritedChildAlias), which only
 * matters when a parent's type or a child's name prefix changes; Switchyard keeps both.
 */
export function aliasUrns(req: AliasedRequest, ownUrn: string): string[] {
  const [, stack = "", project = ""] = /^urn:pulumi:(.*?)::(.*?)::/.exec(ownUrn) ?? [];
  const urns: string[] = [...(req.getAliasurnsList?.() ?? [])];
  for (const alias of req.getAliasesList?.() ?? []) {
    const spec = alias.hasSpec() ? alias.getSpec() : undefined;
    if (!spec) {
      if (alias.getUrn()) urns.push(alias.getUrn());
      continue;
    }
    const parent = spec.getNoparent() ? "" : spec.getParenturn() || req.getParent();
    urns.push(engineUrn(spec.getStack() || stack, spec.getProject() || project, parent, spec.getType() || req.getType(), spec.getName() || req.getName()));
  }
  return [...new Set(urns)].filter((u) => u !== ownUrn);
}
