/**
 * Secret values (provider keys and OpenTelemetry headers from Pulumi config, referenced AWS secrets,
 * generated gateway keys) never appear in a non-secret input of any registered resource, nor in
 * any stack output.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { CaptureResult } from "../../engine/capture";
import { awsSecretPlaceholder } from "../../engine/mocks";
import type { StackSpec } from "../../stacks/schema";
import { pulumiSecretNames, secretReferences } from "../../stacks/secret-references";
import { capture, EXAMPLE_STACKS, loadExample, named, ofType, stringLeaves, T } from "../support/mock-engine";

/** Distinctive fake credentials, shaped like the real thing, one per config key. */
const fakeCredential = (name: string) => `sk-proj-LEAKCHECK-${name}-9f8e7d6c5b4a3210`;

/** Whether a leaf path lies inside one of the resource's secret input paths. */
const underSecret = (path: string, secretPaths: string[]) => secretPaths.some((s) => path === s || path.startsWith(`${s}.`) || path.startsWith(`${s}[`));

describe.each(EXAMPLE_STACKS)("secrets in example stack %s", (name) => {
  let spec: StackSpec;
  let result: CaptureResult;
  let secrets: string[];
  beforeAll(async () => {
    spec = loadExample(name);
    const configNames = pulumiSecretNames(spec);
    result = await capture(spec, { config: Object.fromEntries(configNames.map((n) => [n, fakeCredential(n)])), now: new Date("2026-11-27T00:00:00Z") });
    const referenced = secretReferences(spec).flatMap(({ ref }) => (ref.awsSecretArn ? [awsSecretPlaceholder(ref.awsSecretArn)] : []));
    const generated = ofType(result, T.secretVersion)
      .filter((v) => v.name.endsWith("-keys-version"))
      .flatMap((v) => Object.values(JSON.parse(v.inputs.secretString as string) as Record<string, string>));
    secrets = [...configNames.map(fakeCredential), ...referenced, ...generated];
  });

  it("every secret value reaches its destination, as a Pulumi secret", () => {
    expect(secrets.length).toBeGreaterThan(Object.keys(spec.providerKeys).length);
    const served = ofType(result, T.byok);
    expect(served.length).toBeGreaterThan(0);
    for (const [label, key] of Object.entries(spec.providerKeys)) {
      const byok = served.find((b) => b.name === `provider-keys-byok-${key.provider}`);
      if (byok) {
        expect(byok.secretPaths).toEqual(["secret"]);
        expect(byok.inputs.secret).toBe(key.source.pulumiSecret ? fakeCredential(key.source.pulumiSecret) : awsSecretPlaceholder(key.source.awsSecretArn!));
      }
      if (key.source.pulumiSecret) {
        const version = named(result, T.secretVersion, `provider-keys-${label}-secret-version`);
        expect(version.secretPaths).toEqual(["secretString"]);
        expect(version.inputs.secretString).toBe(fakeCredential(key.source.pulumiSecret));
      }
    }
  });

  it("no secret value appears in any non-secret input of any resource", () => {
    const leaks: string[] = [];
    for (const r of result.resources) {
      for (const { path, text } of stringLeaves(r.inputs)) {
        if (underSecret(path, r.secretPaths)) continue;
        for (const s of secrets) if (text.includes(s)) leaks.push(`${r.urn} ${path}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it("the search would find a leak: a secret copied into a non-secret input is reported", () => {
    const planted = structuredClone(result.resources[0]);
    planted.inputs = { ...planted.inputs, description: `oops ${secrets[0]}` };
    const found = stringLeaves(planted.inputs).filter(({ path, text }) => !underSecret(path, planted.secretPaths) && secrets.some((s) => text.includes(s)));
    expect(found.map((f) => f.path)).toEqual(["description"]);
  });

  it("no secret value, and no secret at all, appears in the stack outputs", () => {
    const text = JSON.stringify(result.outputs);
    for (const s of secrets) expect(text).not.toContain(s);
    expect(text).not.toContain("[secret]");
    expect(Object.keys(result.outputs).sort()).toEqual(["baseUrl", "gatewayId", "keySecretArns", "routes"]);
  });

  it("component inputs name where a provider key lives, never its value", () => {
    const keys = named(result, T.providerKeys, "provider-keys").inputs.keys as Record<string, { source: Record<string, string> }>;
    for (const [label, key] of Object.entries(spec.providerKeys)) expect(keys[label].source).toEqual({ ...key.source });
  });
});
