import { validateTypes } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { TYPES } from "../support/types";
import { NOT_FROM_A_STACK_FILE } from "../support/stack-file-origin";

/** Customer-managed keys rotate their key material yearly only when asked to. */
export const secretsKeyRotation: SwitchyardResourcePolicy = {
  name: "switchyard-secrets-key-rotation",
  description: "Every customer-managed KMS key has automatic key rotation on (enableKeyRotation: true; AWS defaults to off).",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Set enableKeyRotation: true on the aws.kms.Key.",
  unknownValues: "enableKeyRotation is a literal in the program; were it unknown, the engine would report that the policy can't run during preview.",
  validateResource: validateTypes<{ enableKeyRotation?: boolean; description?: string }>(TYPES.KmsKey, (k, args, report) => {
    if (k.enableKeyRotation !== true) {
      report(`KMS key "${args.name}" has automatic rotation ${k.enableKeyRotation === false ? "off" : "unset (AWS default: off)"}. Set enableKeyRotation: true. ${NOT_FROM_A_STACK_FILE}`);
    }
  }),
};
