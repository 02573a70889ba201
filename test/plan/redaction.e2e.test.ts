/**
 * Secret values never appear in any format: secret values are planted in the program's config
 * (provider keys and OpenTelemetry headers, as `pulumi config set --secret` would hold them), the plan runs end to end, and
 * every output is searched for them. The capture is checked to really carry the planted values,
 * so the search is not vacuous.
 */
import { describe, expect, it } from "vitest";
import { renderAll } from "../../cli/plan";
import { buildReport } from "../../plan/build-report";
import { captureStack } from "../../engine/capture";
import { entryLocator } from "../../plan/locate-entry";
import { redact, REDACTED, secretValuesOf } from "../../plan/redact";
import { runPlan } from "../../plan/run-plan";
import { loadStackFile, parseStackFile } from "../../stacks/load";
import { pulumiSecretNames } from "../../stacks/secret-references";
import { FIXTURE_TODAY, componentResources, policyInfo } from "./report-fixture";

// Assembled at run time so no credential-shaped literal sits in the repository.
const PLANTED: Record<string, string> = {
  openaiApiKey: ["sk", "proj", "PlantedOpenAiValue7f3a9c1e5b"].join("-"),
  anthropicApiKey: ["sk", "ant", "api03", "PlantedAnthropicValue4d2e8f"].join("-"),
  geminiApiKey: ["AIza", "SyPlantedGeminiValue0a1b2c3d4e5f6a7b"].join(""),
  mistralApiKey: "planted-mistral-value-9c8b7a6f",
  honeycombApiKey: "planted-honeycomb-team-value-3e1d5a",
};

describe("no secret value in any output", () => {
  for (const env of ["dev", "prod"]) {
    it(`stacks/${env}.yaml: text, md, json and sarif, with --base too`, { timeout: 120_000 }, async () => {
      const spec = loadStackFile(`stacks/${env}.yaml`);
      const planted = Object.fromEntries(pulumiSecretNames(spec).map((name) => [name, PLANTED[name] as string]));
      const captured = await captureStack(spec, { config: planted });
      const everything = JSON.stringify(captured.resources);
      for (const value of Object.values(planted)) expect(everything, "the capture must carry the planted value").toContain(value);
      // Other secret inputs (gateway key plaintexts from random bytes, tokens) are found too.
      const otherSecrets = secretValuesOf(captured.resources).filter((s) => !Object.values(planted).includes(s));
      expect(otherSecrets.length).toBeGreaterThan(0);

      const { report } = await runPlan({ file: `stacks/${env}.yaml`, today: FIXTURE_TODAY, config: planted, base: "HEAD" });
      const outputs = Object.values(renderAll(report)).join("\n");
      const inStackFile = stackStrings(spec);
      const searched = [...Object.values(planted), ...otherSecrets.filter((s) => s.length >= 6 && !inStackFile.has(s))];
      expect(searched.length).toBeGreaterThan(Object.keys(planted).length);
      for (const value of searched) {
        expect(outputs.includes(value), "a secret value leaked into a report").toBe(false);
      }
    });
  }

  it("a policy message that quotes a secret is scrubbed in the report", () => {
    const yaml = "environment: dev\nowner: a@acme.example\ncloudflare: { accountId: 0123456789abcdef0123456789abcdef }\naws: { region: us-east-1 }\ngateway: { id: g }\n";
    const spec = loadStackFileFromText(yaml);
    const res = componentResources([], "dev");
    const secret = PLANTED.openaiApiKey as string;
    const report = buildReport({
      file: "x.yaml",
      spec,
      locate: entryLocator(yaml, "x.yaml"),
      resources: res,
      violations: [{ policyName: "switchyard-secrets-by-reference", severity: "critical", enforcementLevel: "mandatory", message: `found ${secret} in an input` }],
      policies: policyInfo,
      today: FIXTURE_TODAY,
      policyConfig: "p.json",
      secrets: [secret],
    });
    expect(report.violations[0]?.message).toBe(`found ${REDACTED} in an input`);
    expect(JSON.stringify(report)).not.toContain(secret);
  });

  it("secretValuesOf reads values at secret paths, including inside JSON documents", () => {
    const found = secretValuesOf([{ inputs: { a: { b: ["x", JSON.stringify({ k: "inner-secret-value" })] }, plain: "visible" }, secretPaths: ["a.b[1]"] }]);
    expect(found).toContain("inner-secret-value");
    expect(found).not.toContain("visible");
    expect(redact({ m: "the inner-secret-value here" }, found)).toEqual({ m: `the ${REDACTED} here` });
  });
});

function loadStackFileFromText(yaml: string) {
  const r = parseStackFile(yaml, "x.yaml");
  if (!r.ok) throw new Error(r.defects.map((d) => d.message).join("\n"));
  return r.spec;
}

/** Every string of the stack file: by contract none is a secret (the loader refuses credentials). */
function stackStrings(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === "string") out.add(value);
  else if (value && typeof value === "object") Object.values(value).forEach((v) => stackStrings(v, out));
  return out;
}
