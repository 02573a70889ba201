import type { PolicyConfigSchema } from "@pulumi/policy";
import { credentialKind } from "../../stacks/credentials";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { isUnknown, raw } from "../support/known";
import { readSettings } from "../support/settings";
import { NOT_FROM_A_STACK_FILE, stackFileEntry } from "../support/stack-file-origin";
import { TYPES } from "../support/types";

/**
 * The gateway's OpenTelemetry header values, when a stack file's Gateway made it: a header given by
 * reference reaches them as a Pulumi secret (components/gateway.ts), and the loader refuses a
 * credential written in the stack file (stacks/load.ts), so what is there is the referenced secret,
 * on its way to Cloudflare as a secret store's value is.
 */
const OTEL_HEADER = /^otels\[\d+\]\.headers\./;

interface Settings {
  secretInputs: Record<string, string[]>;
}

const configSchema: PolicyConfigSchema = {
  properties: {
    secretInputs: {
      type: "object",
      additionalProperties: { type: "array", items: { type: "string" } },
      default: {
        "aws:secretsmanager/secretVersion:SecretVersion": ["secretString", "secretBinary"],
        "cloudflare:index/secretsStoreSecret:SecretsStoreSecret": ["value"],
        // The gateway's BYOK provider config holds the key in its own Secrets Store secret (components/byok-provider-config.ts).
        [TYPES.ByokProviderConfig]: ["secret"],
      },
      description: "Per resource type, the top-level inputs that are the secret stores' own values (the system of record): not scanned.",
    },
  },
};

function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === "string") {
    if (!isUnknown(value)) yield [path, value];
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* strings(value[i], `${path}[${i}]`);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k);
  }
}

/** A raw credential in any input ends up in state, previews, logs and diffs. The value is never echoed. */
export const secretsNoPlaintextCredentials: SwitchyardResourcePolicy = {
  name: "switchyard-secrets-no-plaintext-credentials",
  description:
    "No resource input holds a string that looks like a raw credential (provider API keys, AWS access keys, private keys, bearer tokens), except the value inputs of the secret stores themselves and the OpenTelemetry header values a stack file gives by reference (gateway.openTelemetry.<name>.headers). Only the input's path and the kind of credential are reported, never the value.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema,
  remediationSteps:
    "Move the credential into a Pulumi config secret or Secrets Manager and pass it by reference; revoke the exposed credential at its provider, since it is already in state and history.",
  unknownValues:
    "An unknown input is skipped: it is computed from another resource's output at deploy time, so it cannot be a credential written into the program (the credentials this policy looks for), and an output the provider marks secret stays secret in state.",
  validateResource: (args, report) => {
    const { secretInputs } = readSettings<Settings>(configSchema, args);
    const skip = new Set(secretInputs[args.type] ?? []);
    const referencedHeaders = args.type === TYPES.AiGateway && stackFileEntry({ parent: args.opts.parent })?.[0] === "gateway";
    for (const [key, value] of Object.entries(raw(args.props))) {
      if (skip.has(key)) continue;
      for (const [path, text] of strings(value, key)) {
        if (referencedHeaders && OTEL_HEADER.test(path)) continue;
        const kind = credentialKind(text);
        if (kind) report(`Input ${path} of ${args.type.split(":").pop()} "${args.name}" holds what looks like a raw ${kind} (value not shown). Pass it by reference from a Pulumi config secret or Secrets Manager, and revoke the exposed credential. ${NOT_FROM_A_STACK_FILE}`);
      }
    }
  },
};
