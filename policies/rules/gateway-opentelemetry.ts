import type { PolicyConfigSchema } from "@pulumi/policy";
import { reportAt } from "../support/location";
import { validateTypes } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { readSettings } from "../support/settings";
import { TYPES } from "../support/types";

const configSchema: PolicyConfigSchema = {
  properties: { minExporters: { type: "integer", minimum: 0, default: 1, description: "Fewest OpenTelemetry collectors the gateway exports traces to." } },
};

const collectors = (n: number) => (n === 0 ? "no OpenTelemetry collector" : `${n} OpenTelemetry collector${n === 1 ? "" : "s"}`);

/** Without a trace exporter, the gateway's requests are missing from the tools the platform team watches. */
export const gatewayOpenTelemetry: SwitchyardResourcePolicy = {
  name: "switchyard-gateway-opentelemetry",
  description: "The AI Gateway exports a trace span of every request to at least minExporters (1) OpenTelemetry collectors. Mandatory in prod.",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema,
  remediationSteps: "Declare a collector under gateway.openTelemetry in the stack file: its https URL, content type, and headers (secret ones by pulumiSecret or awsSecretArn).",
  unknownValues: "Counts the gateway's otels entries, a list the program always writes out; header values inside it are not read.",
  validateResource: validateTypes<{ aiGatewayId?: string; otels?: unknown[] }>(TYPES.AiGateway, (g, args, report) => {
    const { minExporters } = readSettings<{ minExporters: number }>(configSchema, args);
    const count = Array.isArray(g.otels) ? g.otels.length : 0;
    if (count >= minExporters) return;
    reportAt(
      report,
      ["gateway", "openTelemetry"],
      `AI Gateway "${g.aiGatewayId ?? args.name}" exports traces to ${collectors(count)}; this environment requires at least ${minExporters}. Declare one under gateway.openTelemetry.`,
    );
  }),
};
