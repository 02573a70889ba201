import type { PolicyResource } from "@pulumi/policy";
import type { GatewayOutputs } from "../../components/contract";
import type { SwitchyardStackPolicy } from "../support/policy";
import { decisive, peek } from "../support/known";
import { TYPES } from "../support/types";
import { NOT_FROM_A_STACK_FILE } from "../support/stack-file-origin";

/** The billing the gateway's Gateway component registered (its outputs: stack policies see no component inputs). */
function declaredBilling(gateway: PolicyResource, all: readonly PolicyResource[]): string | undefined {
  for (let p = gateway.parent; p; p = p.parent) if (p.type === TYPES.Gateway) return (p.props as GatewayOutputs).billing;
  const id = peek(gateway.props, "aiGatewayId");
  const match = all.find((r) => r.type === TYPES.Gateway && (r.props as GatewayOutputs).gatewayId === id);
  return match ? (match.props as GatewayOutputs).billing : undefined;
}

/** Without byokOnly, a gateway silently falls back to Cloudflare Unified Billing. */
export const gatewayByokOnly: SwitchyardStackPolicy = {
  name: "switchyard-gateway-byok-only",
  description: "Every AI Gateway has byokOnly on (requests are paid with our provider keys only) unless its Gateway declares billing: unified.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Set byokOnly: true on the AiGateway, or declare gateway.billing: unified in the stack file if Cloudflare Unified Billing is intended.",
  unknownValues:
    "Reads the gateway's byokOnly and the billing its Gateway component registers, both known in a preview; an unknown byokOnly makes the engine report that the policy can't run during preview.",
  validateStack: (args, report) => {
    for (const g of args.resources.filter((r) => r.type === TYPES.AiGateway)) {
      const billing = declaredBilling(g, args.resources);
      if (billing === "unified") continue;
      if (decisive(g.props, "byokOnly") !== true) {
        report(`AI Gateway "${String(peek(g.props, "aiGatewayId") ?? g.name)}" does not set byokOnly, so requests without a stored provider key fall back to Cloudflare Unified Billing, but billing is declared "${billing ?? "byok"}". Set byokOnly: true, or declare gateway.billing: unified. ${NOT_FROM_A_STACK_FILE}`, g.urn);
      }
    }
  },
};
