/**
 * Runs the real program (components/program.ts) for a stack spec under Pulumi's mock engine and
 * returns every registered resource, components included, with its inputs and options as the
 * engine receives them: the reusable core of the tests and of the offline plan.
 *
 * How: `pulumi.runtime.setMocks` installs a MockMonitor; MockResourceArgs carries no options, and
 * resource transforms are off under mocks (`supportsTransforms = false` in 3.248.0), so this
 * wraps the installed monitor's `registerResource` and reads the RegisterResourceRequest itself
 * (protect, dependencies, deleteBeforeReplace, retainOnDelete, ignoreChanges,
 * additionalSecretOutputs, parent, provider) before handing it on.
 *
 * Runs are serialised: calls made while one runs wait for it, so calling captureStack twice (or
 * concurrently) in one process works. Each run resets the mock engine and Pulumi config.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { StackSpec } from "../stacks/schema";
import { AI_GATEWAY_RUN_PERMISSION_GROUP_ID } from "../policies/rules/tokens-front-door-run-only";

export interface CapturedOptions {
  protect?: boolean;
  /** Every resource this one depends on (explicit dependsOn and those its inputs came from), as URNs. */
  dependsOn?: string[];
  deleteBeforeReplace?: boolean;
  retainOnDelete?: boolean;
  ignoreChanges?: string[];
  additionalSecretOutputs?: string[];
}

export interface CapturedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  /** URN of the parent resource, when there is one. */
  parent?: string;
  /** Inputs as handed to a policy. Pulumi secrets are unwrapped to the value the program had (the caller's placeholder for config secrets) and listed in secretPaths. */
  inputs: Record<string, unknown>;
  /** Paths (`a.b[0].c`) of inputs that were Pulumi secrets. */
  secretPaths: string[];
  options: CapturedOptions;
  /** The explicit provider reference, when not the default provider. */
  provider?: string;
}

export interface CaptureOptions {
  /** Pulumi stack name; defaults to the spec's environment. */
  stack?: string;
  /** Pulumi project name; defaults to "switchyard" (as in Pulumi.yaml). */
  project?: string;
  /** Config values by key (`name` or `project:name`); provider-key secrets default to `<placeholder:NAME>`. */
  config?: Record<string, string>;
  /** The clock for date-derived inputs (the front door's token rotation); default: now. */
  now?: Date;
}

export interface CaptureResult {
  resources: CapturedResource[];
  outputs: Record<string, unknown>;
}

/** The AWS account and deploying principal the mock engine pretends to be. */
export const MOCK_ACCOUNT_ID = "123456789012";
export const MOCK_CALLER_ARN = `arn:aws:sts::${MOCK_ACCOUNT_ID}:assumed-role/switchyard-deployer/mock-session`;
export const MOCK_SECRETS_STORE_ID = "0123456789abcdef0123456789abcdef";
/** What a referenced (awsSecretArn) provider key's value reads as under mocks. */
export const awsSecretPlaceholder = (arn: string) => `<placeholder:${arn}>`;
export const configPlaceholder = (name: string) => `<placeholder:${name}>`;

/** Input names that are plumbing, not content: the serialised dynamic provider's code. */
const DYNAMIC_PROVIDER_INPUT = "__provider";

let queue: Promise<unknown> = Promise.resolve();

export function captureStack(spec: StackSpec, options: CaptureOptions = {}): Promise<CaptureResult> {
  const run = queue.then(() => captureOnce(spec, options));
  queue = run.catch(() => undefined);
  return run;
}

const hex = (text: string, length = 32) => createHash("sha256").update(text).digest("hex").slice(0, length);

function mockState(type: string, name: string, inputs: Record<string, unknown>, region: string): { id: string; state: Record<string, unknown> } {
  const [pkg, module] = type.split(":");
  const service = (module ?? "").split("/")[0];
  if (pkg === "aws") {
    const arnPrefix = `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}`;
    if (type === "aws:kms/key:Key") {
      const keyId = `${hex(name, 8)}-${hex(name + 1, 4)}-${hex(name + 2, 4)}-${hex(name + 3, 4)}-${hex(name + 4, 12)}`;
      return { id: keyId, state: { ...inputs, keyId, arn: `${arnPrefix}:key/${keyId}` } };
    }
    if (type === "aws:secretsmanager/secret:Secret") {
      const secretName = `${String(inputs.namePrefix ?? name)}${hex(name, 6)}`;
      const arn = `${arnPrefix}:secret:${secretName}`;
      return { id: arn, state: { ...inputs, name: secretName, arn } };
    }
    if (type === "aws:sns/topic:Topic") {
      const topicName = `${String(inputs.namePrefix ?? name)}${hex(name, 6)}`;
      const arn = `${arnPrefix}:${topicName}`;
      return { id: arn, state: { ...inputs, name: topicName, arn } };
    }
    const id = `${name}-${hex(name, 8)}`;
    return { id, state: { ...inputs, arn: `${arnPrefix}:${id}` } };
  }
  if (type === "random:index/randomBytes:RandomBytes") {
    const bytes = createHash("sha256").update(`mock-random:${name}`).digest();
    return { id: "none", state: { ...inputs, hex: bytes.toString("hex"), base64: bytes.toString("base64") } };
  }
  if (type === "cloudflare:index/aiGateway:AiGateway") return { id: String(inputs.aiGatewayId), state: inputs };
  if (type === "cloudflare:index/accountToken:AccountToken") return { id: hex(`token:${name}`), state: { ...inputs, value: `<mock-token:${name}>` } };
  if (type.startsWith("pulumi-nodejs:dynamic")) {
    const id = hex(`config:${name}`);
    return { id, state: { ...inputs, configId: id, secretId: hex(`store-secret:${name}`) } };
  }
  return { id: hex(`${type}:${name}`), state: inputs };
}

/**
 * Permission group ids the mock answers with, so that policies judging tokens see the id a real
 * account would return (the policy pack holds the one it checks against).
 */
const KNOWN_PERMISSION_GROUP_IDS: Record<string, string> = { "AI Gateway Run": AI_GATEWAY_RUN_PERMISSION_GROUP_ID };

/** The mocks captureStack installs: plausible ids, ARNs and data-source answers for the program. */
export const mocksFor = (region: string): pulumi.runtime.Mocks => ({
  newResource: (args) => mockState(args.type, args.name, args.inputs, region),
  call: (args) => {
    switch (args.token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return { accountId: MOCK_ACCOUNT_ID, arn: MOCK_CALLER_ARN, userId: "AROAMOCK:mock-session", id: MOCK_ACCOUNT_ID };
      case "cloudflare:index/getSecretsStores:getSecretsStores":
        return { ...args.inputs, results: [{ id: MOCK_SECRETS_STORE_ID, name: "default", accountId: args.inputs.accountId }] };
      case "cloudflare:index/getAccountApiTokenPermissionGroupsList:getAccountApiTokenPermissionGroupsList": {
        const name = decodeURIComponent(String(args.inputs.name ?? "mock group"));
        const id = KNOWN_PERMISSION_GROUP_IDS[name] ?? hex(`permission-group:${name}`);
        return { ...args.inputs, results: [{ id, name, scopes: ["com.cloudflare.api.account"] }] };
      }
      case "aws:secretsmanager/getSecretVersion:getSecretVersion":
        return { ...args.inputs, arn: args.inputs.secretId, secretString: awsSecretPlaceholder(String(args.inputs.secretId)), versionId: "mock-version" };
      default:
        return args.inputs;
    }
  },
});

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): unknown;
  getProtect(): boolean;
  getDependenciesList(): string[];
  getDeletebeforereplace(): boolean;
  getRetainondelete(): boolean;
  getIgnorechangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getProvider(): string;
}
interface MonitorLike {
  registerResource(req: RegisterRequest, callback: (err: unknown, response: unknown) => void): Promise<void>;
  newUrn(parent: string, type: string, name: string): string;
}

async function captureOnce(spec: StackSpec, options: CaptureOptions): Promise<CaptureResult> {
  const project = options.project ?? "switchyard";
  const stack = options.stack ?? spec.environment;
  const requests: RegisterRequest[] = [];

  await pulumi.runtime.setMocks(mocksFor(spec.aws.region), project, stack, false);
  // Internal modules of @pulumi/pulumi 3.248.0: the installed monitor and the RPC queue.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): MonitorLike; waitForRPCs(): Promise<void> };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rpc = require("@pulumi/pulumi/runtime/rpc") as { deserializeProperties(o: unknown): Record<string, unknown>; specialSigKey: string; specialSecretSig: string };
  const monitor = settings.getMonitor();
  // The MockMonitor qualifies a child's type with its parent's last type only; the engine uses the
  // parent's whole type chain (`A$B$C`). Use the engine's rule so URNs match a real deployment.
  monitor.newUrn = (parent, type, name) => engineUrn(stack, project, parent, type, name);
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    requests.push(req);
    return register(req, callback);
  };

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const key of Object.values(spec.providerKeys)) {
    if (!key.source.pulumiSecret) continue;
    config[`${project}:${key.source.pulumiSecret}`] = configPlaceholder(key.source.pulumiSecret);
    secretKeys.push(`${project}:${key.source.pulumiSecret}`);
  }
  for (const [key, value] of Object.entries(options.config ?? {})) config[key.includes(":") ? key : `${project}:${key}`] = value;
  pulumi.runtime.setAllConfig(config, secretKeys);

  // Loaded after the mocks, as Pulumi's unit-test guidance asks.
  const { buildStack } = await import("../components/program");
  // An input whose apply throws never reaches the monitor: its registration stays pending and
  // the rejection surfaces only as an unhandled rejection. Fail the run on the first one.
  let fail: (reason: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const onRejection = (reason: unknown) => fail(reason instanceof Error ? reason : new Error(String(reason)));
  process.on("unhandledRejection", onRejection);
  let outputs: Record<string, unknown>;
  try {
    const built = buildStack(spec, options.now ? { now: options.now } : {});
    const settled = (async () => {
      const resolved = (await resolve(built)) as Record<string, unknown>;
      await settings.waitForRPCs();
      return resolved;
    })();
    outputs = await Promise.race([settled, failed]);
  } catch (error) {
    // Let the failed run's in-flight RPCs finish against its own monitor, not the next run's.
    await Promise.race([settings.waitForRPCs(), new Promise((ok) => setTimeout(ok, 1000))]);
    throw error;
  } finally {
    process.off("unhandledRejection", onRejection);
  }

  const resources = requests.map((req): CapturedResource => {
    const secretPaths: string[] = [];
    const raw = rpc.deserializeProperties(req.getObject());
    const inputs = unwrapSecrets(raw, "", secretPaths, rpc) as Record<string, unknown>;
    if (DYNAMIC_PROVIDER_INPUT in inputs) inputs[DYNAMIC_PROVIDER_INPUT] = "<serialized dynamic provider>";
    const captured: CapturedResource = {
      urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      inputs,
      secretPaths,
      options: compactOptions({
        protect: req.getProtect() || undefined,
        dependsOn: req.getDependenciesList(),
        deleteBeforeReplace: req.getDeletebeforereplace() || undefined,
        retainOnDelete: req.getRetainondelete() || undefined,
        ignoreChanges: req.getIgnorechangesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      }),
    };
    if (req.getParent()) captured.parent = req.getParent();
    if (req.getProvider()) captured.provider = req.getProvider();
    return captured;
  });
  return { resources, outputs };
}

/** A URN as the Pulumi engine forms it (resource/urn.go): parent's qualified type chain, then `$type`. */
export function engineUrn(stack: string, project: string, parentUrn: string, type: string, name: string): string {
  const qualified = parentUrn ? `${parentUrn.split("::")[2]}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

function compactOptions(options: CapturedOptions): CapturedOptions {
  const out: CapturedOptions = {};
  for (const [k, v] of Object.entries(options) as Array<[keyof CapturedOptions, unknown]>) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

function unwrapSecrets(value: unknown, path: string, secretPaths: string[], rpc: { specialSigKey: string; specialSecretSig: string }): unknown {
  if (Array.isArray(value)) return value.map((v, i) => unwrapSecrets(v, `${path}[${i}]`, secretPaths, rpc));
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[rpc.specialSigKey] === rpc.specialSecretSig) {
      secretPaths.push(path);
      return unwrapSecrets(record.value, path, [], rpc);
    }
    if (Object.getPrototypeOf(record) !== Object.prototype) return record;
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v, path ? `${path}.${k}` : k, secretPaths, rpc)]));
  }
  return value;
}

/** Resolves Outputs anywhere in a value; a secret output resolves to the string "[secret]". */
async function resolve(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const output = value as unknown as { promise(): Promise<unknown>; isSecret: Promise<boolean> };
    const [inner, secret] = await Promise.all([output.promise(), output.isSecret]);
    return secret ? "[secret]" : resolve(inner);
  }
  if (Array.isArray(value)) return Promise.all(value.map(resolve));
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolve(v)] as const)));
  }
  return value;
}
