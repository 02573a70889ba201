import type { ProviderKeysArgs } from "../../components/contract";
import { credentialKind } from "../../stacks/credentials";
import { reportAt } from "../support/location";
import { validateComponent } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { TYPES } from "../support/types";

const CONFIG_KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

/** Provider keys are named by where they live, never given by value. */
export const secretsByReference: SwitchyardResourcePolicy = {
  name: "switchyard-secrets-by-reference",
  description:
    "Every provider key is given only by reference: exactly one of source.pulumiSecret (a Pulumi config key name) or source.awsSecretArn (a Secrets Manager ARN), and nothing that looks like a credential.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps:
    "Store the credential with `pulumi config set --secret <name> ...` and write source: { pulumiSecret: <name> }, or keep it in Secrets Manager and write source: { awsSecretArn: <arn> }. If a raw key was ever committed, revoke it at the provider.",
  unknownValues: "Reads only the ProviderKeys component's inputs, written in the stack file and known in every preview.",
  validateResource: validateComponent<ProviderKeysArgs>(TYPES.ProviderKeys, (p, _args, report) => {
    for (const [name, key] of Object.entries(p.keys ?? {})) {
      const where = `Provider key "${name}"`;
      const at = ["providerKeys", name, "source"];
      const source = (key.source ?? {}) as Record<string, unknown>;
      const fields = Object.keys(source);
      const refs = fields.filter((f) => f === "pulumiSecret" || f === "awsSecretArn");
      const other = fields.filter((f) => f !== "pulumiSecret" && f !== "awsSecretArn");
      for (const field of fields) {
        const kind = typeof source[field] === "string" ? credentialKind(source[field] as string) : undefined;
        if (kind) reportAt(report, [...at, field], `${where}: source.${field} holds what looks like a raw ${kind}. Never put a credential in the stack: store it with pulumi config set --secret and reference it by name, then revoke the exposed key at the provider.`);
      }
      if (other.length > 0) reportAt(report, at, `${where}: source has ${other.map((f) => `"${f}"`).join(", ")}; only pulumiSecret or awsSecretArn may name where the key lives.`);
      if (refs.length !== 1) {
        reportAt(report, at, `${where}: source must name exactly one of pulumiSecret or awsSecretArn, found ${refs.length === 0 ? "neither" : "both"}.`);
        continue;
      }
      const value = source[refs[0]];
      if (refs[0] === "pulumiSecret" && (typeof value !== "string" || !CONFIG_KEY.test(value)) && !credentialKind(String(value))) {
        reportAt(report, [...at, "pulumiSecret"], `${where}: source.pulumiSecret must be a Pulumi config key name such as openaiApiKey.`);
      }
      if (refs[0] === "awsSecretArn" && (typeof value !== "string" || !SECRET_ARN.test(value)) && !credentialKind(String(value))) {
        reportAt(report, [...at, "awsSecretArn"], `${where}: source.awsSecretArn must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>).`);
      }
    }
  }),
};
