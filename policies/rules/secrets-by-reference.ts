import type { ProviderKeysArgs } from "../../components/contract";
import { credentialKind } from "../../stacks/credentials";
import { exactlyOneProblem, fieldsSet, KEY_SOURCE_FIELDS } from "../../stacks/exactly-one";
import { FORMATS } from "../../stacks/formats";
import { reportAt } from "../support/location";
import { validateComponent } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { TYPES } from "../support/types";

const isSourceField = (field: string): field is (typeof KEY_SOURCE_FIELDS)[number] => (KEY_SOURCE_FIELDS as readonly string[]).includes(field);

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
      const other = fields.filter((f) => !isSourceField(f));
      for (const field of fields) {
        const kind = typeof source[field] === "string" ? credentialKind(source[field] as string) : undefined;
        if (kind) reportAt(report, [...at, field], `${where}: source.${field} holds what looks like a raw ${kind}. Never put a credential in the stack: store it with pulumi config set --secret and reference it by name, then revoke the exposed key at the provider.`);
      }
      if (other.length > 0) reportAt(report, at, `${where}: source has ${other.map((f) => `"${f}"`).join(", ")}; only pulumiSecret or awsSecretArn may name where the key lives.`);
      const problem = exactlyOneProblem(source, KEY_SOURCE_FIELDS);
      if (problem) {
        reportAt(report, at, `${where}: source: ${problem}. Name the one place the key lives.`);
        continue;
      }
      const [ref] = fieldsSet(source, KEY_SOURCE_FIELDS);
      const value = source[ref];
      if (ref === "pulumiSecret" && (typeof value !== "string" || !FORMATS.pulumiConfigKey.pattern.test(value)) && !credentialKind(String(value))) {
        reportAt(report, [...at, "pulumiSecret"], `${where}: source.pulumiSecret must be a Pulumi config key name such as openaiApiKey.`);
      }
      if (ref === "awsSecretArn" && (typeof value !== "string" || !FORMATS.secretArn.pattern.test(value)) && !credentialKind(String(value))) {
        reportAt(report, [...at, "awsSecretArn"], `${where}: source.awsSecretArn must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>).`);
      }
    }
  }),
};
