import type { AiGatewayStackInputs } from "../../components/contract";
import { lacksInputs, validateTypes } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { TYPES } from "../support/types";

/**
 * Half the pack judges the Switchyard components by their inputs, which reach a policy pack only
 * from @pulumi/pulumi 3.202.0 on (pulumi/pulumi#20357) and not when PULUMI_NODEJS_SKIP_COMPONENT_INPUTS
 * is set. Without them those policies cannot judge anything: fail closed, once, on the stack component.
 */
export const packComponentInputs: SwitchyardResourcePolicy = {
  name: "switchyard-pack-component-inputs",
  description:
    "The Switchyard components reach the pack with their inputs, so the policies that judge workloads, routes and provider keys can run. Without them those policies report themselves not applicable and this one fails the preview.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps:
    "Run the program with @pulumi/pulumi 3.202.0 or later (npm ci installs the pinned version) and unset PULUMI_NODEJS_SKIP_COMPONENT_INPUTS.",
  unknownValues: "Reads only whether the stack component has inputs at all, which a preview always knows.",
  validateResource: validateTypes<AiGatewayStackInputs>(TYPES.AiGatewayStack, (_stack, args, report) => {
    if (!lacksInputs(args.props)) return;
    report(
      `Component "${args.name}" reached the policy pack without its inputs, so the policies that judge workloads, routes and provider keys cannot run. The program's @pulumi/pulumi is older than 3.202.0, or PULUMI_NODEJS_SKIP_COMPONENT_INPUTS is set: run the program with @pulumi/pulumi 3.202.0 or later (npm ci installs the pinned version) and unset PULUMI_NODEJS_SKIP_COMPONENT_INPUTS.`,
    );
  }),
};
