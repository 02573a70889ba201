import type { PolicyConfigSchema } from "@pulumi/policy";
import type { GatewayArgs } from "../../components/contract";
import { FORMATS } from "../../stacks/formats";
import { reportAt } from "../support/location";
import { validateComponent } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { readSettings } from "../support/settings";
import { TYPES } from "../support/types";

const configSchema: PolicyConfigSchema = {
  properties: {
    plainTextHeaders: {
      type: "array",
      items: { type: "string", pattern: FORMATS.headerName.pattern.source },
      uniqueItems: true,
      default: [],
      description: "Lower-case names of OpenTelemetry headers that are not secrets and may be written in the stack file (e.g. x-honeycomb-dataset). Every other header must come from a Pulumi config secret or Secrets Manager.",
    },
  },
};

/** A collector's API key written into the stack file sits in git, in every clone and in every plan. The value is never echoed. */
export const secretsOtelHeaders: SwitchyardResourcePolicy = {
  name: "switchyard-secrets-otel-headers",
  description:
    "Every header the gateway sends to an OpenTelemetry collector comes from a Pulumi config secret or a Secrets Manager secret (and so reaches Cloudflare as a Pulumi secret), except headers the environment's config lists as not secret. Only the header's name is reported, never its value.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema,
  remediationSteps:
    "Give the header by reference: gateway.openTelemetry.<name>.headers.<header>: { pulumiSecret: <config key> } (pulumi config set --secret <config key> ...) or { awsSecretArn: <ARN> }; rotate the value if it was a secret. A header that is not a secret may be listed in this policy's plainTextHeaders.",
  unknownValues: "Reads only the Gateway's inputs, which hold where each header's value lives, written in the stack file and known in every preview.",
  validateResource: validateComponent<GatewayArgs>(TYPES.Gateway, (gw, args, report) => {
    const { plainTextHeaders } = readSettings<{ plainTextHeaders: string[] }>(configSchema, args);
    const allowed = new Set(plainTextHeaders.map((h) => h.toLowerCase()));
    for (const [exporter, declared] of Object.entries(gw.openTelemetry ?? {})) {
      for (const [header, value] of Object.entries(declared.headers ?? {})) {
        if (value.value === undefined || allowed.has(header.toLowerCase())) continue;
        reportAt(
          report,
          ["gateway", "openTelemetry", exporter, "headers", header],
          `OpenTelemetry exporter "${exporter}" sends header "${header}" in plain text written in the stack file (value not shown). Give it by reference: gateway.openTelemetry.${exporter}.headers.${header}: { pulumiSecret: <config key> } or { awsSecretArn: <ARN> }; if it is not a secret, list it in this policy's plainTextHeaders.`,
        );
      }
    }
  }),
};
