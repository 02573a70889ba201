import { validateTypes } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { TYPES } from "../support/types";
import { NOT_FROM_A_STACK_FILE } from "../support/stack-file-origin";

/** An unauthenticated gateway answers anyone who knows its URL. */
export const gatewayAuthentication: SwitchyardResourcePolicy = {
  name: "switchyard-gateway-authentication",
  description: "Every Cloudflare AI Gateway has authentication on, so only holders of the front door's token can call it.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Set authentication: true on the AiGateway (the Gateway component always does; Cloudflare rejects false for new gateways).",
  unknownValues: "authentication is a literal in the program; were it unknown, the engine would report that the policy can't run during preview.",
  validateResource: validateTypes<{ authentication?: boolean; aiGatewayId?: string }>(TYPES.AiGateway, (g, args, report) => {
    if (g.authentication !== true) {
      report(`AI Gateway "${g.aiGatewayId ?? args.name}" has authentication ${g.authentication === false ? "off" : "unset (off)"}; anyone who knows its URL can call it. Set authentication: true. ${NOT_FROM_A_STACK_FILE}`);
    }
  }),
};
