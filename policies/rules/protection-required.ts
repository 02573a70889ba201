import type { PolicyConfigSchema } from "@pulumi/policy";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { reportAt } from "../support/location";
import { readSettings } from "../support/settings";
import { TYPES } from "../support/types";

const DEFAULT_TYPES = [TYPES.AiGateway, TYPES.KmsKey, TYPES.Secret];
const configSchema: PolicyConfigSchema = {
  properties: {
    types: { type: "array", items: { type: "string" }, default: DEFAULT_TYPES, description: "Resource types that must be protected from deletion." },
  },
};
const LABEL: Record<string, string> = { [TYPES.AiGateway]: "AI Gateway", [TYPES.KmsKey]: "KMS key", [TYPES.Secret]: "Secret" };

/** Deleting the gateway, a KMS key or a secret by accident takes every workload down (a KMS key's ciphertexts with it). */
export const protectionRequired: SwitchyardResourcePolicy = {
  name: "switchyard-protection-required",
  description: "The gateway, KMS keys and secrets are created with Pulumi's protect option, so a stray `pulumi destroy` or refactor cannot delete them. Mandatory in prod.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema,
  remediationSteps: "Set gateway.protect: true in the stack file (the default for prod); the components pass protect to the gateway, KMS keys and secrets.",
  unknownValues: "Reads only the protect option, which the engine always knows.",
  validateResource: (args, report) => {
    const { types } = readSettings<{ types: string[] }>(configSchema, args);
    if (!types.includes(args.type) || args.opts.protect) return;
    reportAt(report, ["gateway", "protect"], `${LABEL[args.type] ?? args.type} "${args.name}" is not protected, so deleting it by accident would take the gateway down. Set gateway.protect: true in the stack file.`);
  },
};
