/**
 * The analyzer's side of the Pulumi engine: the protobuf messages the CLI sends a policy pack
 * (pulumi/pulumi pkg/resource/plugin/analyzer_plugin.go, fed by pkg/resource/deploy/step_generator.go),
 * built from captured resources, and the findings read back from its answers. The offline engine
 * hands them to the analyzer in process (engine/analyzer.ts); the conformance test sends the very
 * same messages over gRPC to the pack started as the CLI starts it.
 *
 * What the engine sends, and so what this builds:
 *   - Analyze, once per resource: its inputs (for a component, what it passed to super()), options,
 *     and its provider when explicit;
 *   - AnalyzeStack, once: every resource with its outputs (a component's registered outputs),
 *     parent, dependencies and per-input dependencies;
 *   - values marshalled with unknowns and secrets kept and internal keys (`__*`) left out.
 * Offline there is no provider: inputs are the program's (a real preview sends them after the
 * provider's Check, which may add defaults), and default providers are not modelled.
 */
import { createRequire } from "node:module";
import type { Struct as StructType } from "google-protobuf/google/protobuf/struct_pb";
import type { EnforcementLevel, Severity } from "@pulumi/policy";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import type { ReconciledPolicyConfig } from "../policies/support/pack-config";
import type { FieldPath } from "../policies/support/location";
import type { CapturedResource } from "./capture";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/proto/analyzer_pb"));
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as { Struct: typeof StructType };
// Internal module of @pulumi/policy 1.21 (pinned): the server's own enum conversion.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { convertEnforcementLevel, mapEnforcementLevel } = require("@pulumi/policy/protoutil") as {
  convertEnforcementLevel(level: proto.EnforcementLevel): EnforcementLevel;
  mapEnforcementLevel(level: EnforcementLevel): proto.EnforcementLevel;
};

/** The Pulumi wire markers (@pulumi/pulumi runtime/rpc.ts). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A finding as the offline plan and the tests compare them. */
export interface PolicyViolation {
  policyName: string;
  severity: Severity;
  enforcementLevel: EnforcementLevel;
  /** The policy's own words (CrossGuard prefixes them with the policy's description; that prefix is removed). */
  message: string;
  urn?: string;
  resourceType?: string;
  resourceName?: string;
  /** The stack-file field the policy pointed at, when it did (reportAt). */
  path?: FieldPath;
}

/**
 * A value as the engine marshals it and a pack reads it back (Struct.toJavaScript): secrets at
 * `secretPaths` wrapped, `undefined` and `__*` keys left out, keys in sorted order (the order
 * google-protobuf's Struct gives them, whatever order the engine sent).
 */
function wireOf(value: Record<string, unknown>, secretPaths: readonly string[]): Record<string, unknown> {
  return wireValue(value, "", secretPaths.length ? new Set(secretPaths) : undefined) as Record<string, unknown>;
}

/** wireOf below `path`; paths are spelled out only when there are secrets to find. */
function wireValue(v: unknown, path: string, secret: ReadonlySet<string> | undefined): unknown {
  let out: unknown;
  if (Array.isArray(v)) {
    const list: unknown[] = [];
    for (let i = 0; i < v.length; i++) list.push(v[i] === undefined ? null : wireValue(v[i], secret ? `${path}[${i}]` : "", secret));
    out = list;
  } else if (v && typeof v === "object") {
    const record = v as Record<string, unknown>;
    const keys: string[] = [];
    for (const k of Object.keys(record)) if (record[k] !== undefined && !k.startsWith("__")) keys.push(k);
    const object: Record<string, unknown> = {};
    // `__*` keys are left out, so plain assignment cannot meet `__proto__`.
    for (const k of keys.sort()) object[k] = wireValue(record[k], secret ? (path ? `${path}.${k}` : k) : "", secret);
    out = object;
  } else out = v;
  return secret?.has(path) ? { [SIG_KEY]: SECRET_SIG, value: out } : out;
}

/** How a message gets its properties. */
export type Encode = (message: { setProperties(value?: StructType): unknown }, value: Record<string, unknown>, secretPaths: readonly string[]) => void;

/** As a protobuf Struct, to send over gRPC. */
export const toStruct: Encode = (message, value, secretPaths) => void message.setProperties(Struct.fromJavaScript(wireOf(value, secretPaths) as Record<string, never>));

/**
 * For an analyzer in this process: the message answers getProperties() with what the pack's
 * handlers read from a decoded Struct (they call only toJavaScript, and never change what it
 * returns), without encoding it and decoding it again for every policy; always the same Struct, so
 * that the handlers' decoding of it can be shared (engine/analyzer.ts). The conformance test sends
 * toStruct's messages over gRPC to the pack started as the CLI starts it, and gets the same answers.
 */
export const decodedStruct: Encode = (message, value, secretPaths) => {
  const wire = wireOf(value, secretPaths);
  const struct = { toJavaScript: () => wire };
  Object.assign(message, { getProperties: () => struct });
};

function resourceOptions(resource: CapturedResource): proto.AnalyzerResourceOptions {
  const o = resource.options;
  const options = new proto.AnalyzerResourceOptions();
  options.setProtect(o.protect === true);
  options.setIgnorechangesList(o.ignoreChanges ?? []);
  options.setDeletebeforereplace(o.deleteBeforeReplace === true);
  options.setDeletebeforereplacedefined(o.deleteBeforeReplace !== undefined);
  options.setAdditionalsecretoutputsList(o.additionalSecretOutputs ?? []);
  options.setAliasesList([]);
  options.setCustomtimeouts(new proto.AnalyzerResourceOptions.CustomTimeouts());
  if (resource.parent) options.setParent(resource.parent);
  return options;
}

/** An explicit provider reference (`<provider urn>::<id>`) as the engine describes it: type, name, URN and inputs. */
function providerOf(resource: CapturedResource, byUrn: ReadonlyMap<string, CapturedResource>, encode: Encode): proto.AnalyzerProviderResource | undefined {
  if (!resource.provider) return undefined;
  const urn = resource.provider.startsWith("urn:") ? resource.provider.split("::").slice(0, 4).join("::") : resource.provider;
  const known = byUrn.get(urn);
  const parts = urn.split("::");
  const provider = new proto.AnalyzerProviderResource();
  provider.setType(known?.type ?? (parts[2] ?? "").split("$").pop() ?? "");
  provider.setName(known?.name ?? parts[3] ?? "");
  provider.setUrn(urn);
  encode(provider, known?.inputs ?? {}, known?.secretPaths ?? []);
  return provider;
}

/** What AnalyzeRequest and AnalyzerResource both carry. */
interface Described {
  setUrn(value: string): unknown;
  setType(value: string): unknown;
  setName(value: string): unknown;
  setProperties(value?: StructType): unknown;
  setOptions(value: proto.AnalyzerResourceOptions): unknown;
  setProvider(value: proto.AnalyzerProviderResource): unknown;
}

/** A resource described with its inputs (Analyze) or its outputs (AnalyzeStack). */
function describe<T extends Described>(target: T, r: CapturedResource, view: "inputs" | "outputs", byUrn: ReadonlyMap<string, CapturedResource>, encode: Encode): T {
  target.setUrn(r.urn);
  target.setType(r.type);
  target.setName(r.name);
  if (view === "inputs") encode(target, r.inputs, r.secretPaths);
  else encode(target, r.outputs, r.outputSecretPaths);
  target.setOptions(resourceOptions(r));
  const provider = providerOf(r, byUrn, encode);
  if (provider) target.setProvider(provider);
  return target;
}

export function analyzeRequest(resource: CapturedResource, byUrn: ReadonlyMap<string, CapturedResource>, encode: Encode = toStruct): proto.AnalyzeRequest {
  return describe(new proto.AnalyzeRequest(), resource, "inputs", byUrn, encode);
}

export function analyzeStackRequest(resources: readonly CapturedResource[], encode: Encode = toStruct): proto.AnalyzeStackRequest {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const request = new proto.AnalyzeStackRequest();
  request.setResourcesList(
    resources.map((r) => {
      const resource = describe(new proto.AnalyzerResource(), r, "outputs", byUrn, encode);
      if (r.parent) resource.setParent(r.parent);
      resource.setDependenciesList(r.dependencies);
      const map = resource.getPropertydependenciesMap();
      for (const [key, urns] of Object.entries(r.propertyDependencies)) {
        if (urns.length) map.set(key, new proto.AnalyzerPropertyDependencies().setUrnsList(urns));
      }
      return resource;
    }),
  );
  return request;
}

export function configureRequest(config: Readonly<Record<string, ReconciledPolicyConfig>>): proto.ConfigureAnalyzerRequest {
  const request = new proto.ConfigureAnalyzerRequest();
  const map = request.getPolicyconfigMap();
  for (const [name, c] of Object.entries(config)) {
    map.set(name, new proto.PolicyConfig().setEnforcementlevel(mapEnforcementLevel(c.enforcementLevel)).setProperties(Struct.fromJavaScript(c.properties as Record<string, never>)));
  }
  return request;
}

export function configureStackRequest(stack: { project: string; stack: string; tags: Readonly<Record<string, string>>; dryRun: boolean }): proto.AnalyzerStackConfigureRequest {
  const request = new proto.AnalyzerStackConfigureRequest();
  request.setProject(stack.project);
  request.setStack(stack.stack);
  request.setDryRun(stack.dryRun);
  for (const [k, v] of Object.entries(stack.tags)) request.getTagsMap().set(k, v);
  return request;
}

const SEVERITIES: Record<number, Severity> = {
  [proto.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [proto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [proto.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [proto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/**
 * The findings in an analyzer's answer. A resource policy reports without a URN (the engine knows
 * which resource it asked about): `about` is that resource.
 */
export function violationsOf(response: proto.AnalyzeResponse, resources: ReadonlyMap<string, Pick<CapturedResource, "urn" | "type" | "name">>, about?: string): PolicyViolation[] {
  return response.getDiagnosticsList().map((d) => {
    const prefix = `${d.getDescription()}\n`;
    const urn = d.getUrn() || about;
    const resource = urn ? resources.get(urn) : undefined;
    return {
      policyName: d.getPolicyname(),
      severity: SEVERITIES[d.getSeverity()] ?? "low",
      enforcementLevel: convertEnforcementLevel(d.getEnforcementlevel()),
      message: d.getMessage().startsWith(prefix) ? d.getMessage().slice(prefix.length) : d.getMessage(),
      ...(resource ? { urn: resource.urn, resourceType: resource.type, resourceName: resource.name } : urn ? { urn } : {}),
    };
  });
}
