/** Resource identities for tests of what the plan derives from URNs and parents: URNs formed as the engine forms them. */
import { engineUrn } from "../../engine/urns";
import type { ResourceIdentity } from "../../plan/entry-of-resource";

/** The stack's root component of `environment`. */
export const rootIdentity = (environment: string): ResourceIdentity => ({ urn: engineUrn(environment, "switchyard", "", "switchyard:index:AiGatewayStack", environment), type: "switchyard:index:AiGatewayStack", name: environment });

/** A resource registered with `parent`. */
export function childIdentity(parent: ResourceIdentity, type: string, name: string): ResourceIdentity {
  const [, stack = "", project = ""] = /^urn:pulumi:(.*?)::(.*?)::/.exec(parent.urn) ?? [];
  return { urn: engineUrn(stack, project, parent.urn, type, name), type, name, parent: parent.urn };
}
