/**
 * Runs a Pulumi program under Pulumi's mock engine and records every resource as the engine
 * would hold it: what the program registered (inputs, options, dependencies per input) and what
 * the resource's outputs became (the mock provider's answer for a custom resource; for a component,
 * what it passed to `registerOutputs`). The one mock-engine harness of the repository: the offline
 * plan, the component tests and the benches all run programs through captureProgram.
 *
 * How: `pulumi.runtime.setMocks` installs a MockMonitor; MockResourceArgs carries neither options
 * nor dependencies, so this wraps the installed monitor's `registerResource` and
 * `registerResourceOutputs` and reads the gRPC messages themselves (RegisterResourceRequest,
 * its response, RegisterResourceOutputsRequest): values exactly as the SDK serialised them, with
 * secrets marked and, in a preview, unknown values as the engine's sentinels.
 *
 * Runs are serialised: a run waits for the one before it, so captures may be started concurrently
 * in one process. Each run resets the mock engine and Pulumi config.
 */
import * as pulumi from "@pulumi/pulumi";
import { buildStack } from "../components/program";
import type { StackSpec } from "../stacks/schema";
import { lazyTransferProperties } from "./lazy-outputs";
import { mockRegister, type MockMonitorState, type MockRegisterRequest, type RegisterResponse } from "./mock-register";
import { pulumiSecretNames } from "../stacks/secret-references";
import { readerAccount } from "../stacks/reader-accounts";
import { configPlaceholder, mocksFor } from "./mocks";
import { keepStructsDecoded } from "./struct-snapshot";
import { aliasUrns, engineUrn, type AliasedRequest } from "./urns";

export { engineUrn };

export interface CapturedOptions {
  protect?: boolean;
  deleteBeforeReplace?: boolean;
  retainOnDelete?: boolean;
  ignoreChanges?: string[];
  replaceOnChanges?: string[];
  additionalSecretOutputs?: string[];
}

export interface CapturedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  /** URN of the parent resource, when there is one. */
  parent?: string;
  /** Inputs as registered (what resource policies see). Secrets are unwrapped to their values and listed in secretPaths. */
  inputs: Record<string, unknown>;
  /** Paths (`a.b[0].c`) of inputs that were Pulumi secrets. */
  secretPaths: string[];
  /**
   * Outputs as the engine stores them (what stack policies see): a custom resource's provider
   * answer (here the mock's), a component's registered outputs ({} when it registered none).
   */
  outputs: Record<string, unknown>;
  /** Paths of outputs that were Pulumi secrets. */
  outputSecretPaths: string[];
  /** Every resource this one depends on (explicit dependsOn and those its inputs came from), as URNs. */
  dependencies: string[];
  /** Per input, the URNs its value came from. */
  propertyDependencies: Record<string, string[]>;
  options: CapturedOptions;
  /** The explicit provider reference (`<provider urn>::<id>`), when not the default provider. */
  provider?: string;
  /** The URNs the program says this resource had before (Pulumi `aliases`, oldest first as given), when it gave any. */
  aliases?: string[];
}

export interface ProgramRun<T> {
  project: string;
  stack: string;
  mocks: pulumi.runtime.Mocks;
  /** Config values by full key (`project:name`). */
  config?: Record<string, string>;
  /** Config keys that are secrets. */
  secretKeys?: string[];
  /** Run as a preview (unknown values stay unknown). */
  preview?: boolean;
  /** The program: builds resources, returns what it exports. */
  program: () => T;
}

export interface ProgramCapture {
  resources: CapturedResource[];
  /** The program's return value with every Output resolved; a secret output resolves to "[secret]". */
  outputs: Record<string, unknown>;
}

export interface CaptureOptions {
  /** Pulumi stack name; defaults to the spec's environment. */
  stack?: string;
  /** Pulumi project name; defaults to "switchyard" (as in Pulumi.yaml). */
  project?: string;
  /** Config values by key (`name` or `project:name`); the config secrets the stack names default to `<placeholder:NAME>`. */
  config?: Record<string, string>;
  /** The clock for date-derived inputs (the front door's token rotation); default: now. */
  now?: Date;
  /** Capture as a first `pulumi preview` sees the program: see MockOptions.firstPreview. */
  firstPreview?: boolean;
}

export type CaptureResult = ProgramCapture;

/** Runs the real program (components/program.ts) for a stack spec. */
export function captureStack(spec: StackSpec, options: CaptureOptions = {}): Promise<CaptureResult> {
  const project = options.project ?? "switchyard";
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const name of pulumiSecretNames(spec)) {
    config[`${project}:${name}`] = configPlaceholder(name);
    secretKeys.push(`${project}:${name}`);
  }
  for (const [key, value] of Object.entries(options.config ?? {})) config[key.includes(":") ? key : `${project}:${key}`] = value;
  return captureProgram({
    project,
    stack: options.stack ?? spec.environment,
    // The deployer is in the readers' account (the loader keeps them in one: stacks/reader-accounts.ts).
    mocks: mocksFor(spec.aws.region, { firstPreview: options.firstPreview === true, ...accountOption(spec) }),
    config,
    secretKeys,
    preview: options.firstPreview === true,
    program: () => buildStack(spec, options.now ? { now: options.now } : {}),
  }) as Promise<CaptureResult>;
}

const accountOption = (spec: StackSpec) => {
  const accountId = readerAccount(spec);
  return accountId ? { accountId } : {};
};

let queue: Promise<unknown> = Promise.resolve();

export function captureProgram<T>(run: ProgramRun<T>): Promise<ProgramCapture> {
  const next = queue.then(() => captureOnce(run));
  queue = next.catch(() => undefined);
  return next;
}

interface Struct {
  toJavaScript(): Record<string, unknown>;
}
/** The parts of a RegisterResourceRequest (@pulumi/pulumi/proto/resource_pb) the capture reads. */
export interface RegisterRequest extends AliasedRequest {
  getCustom(): boolean;
  getObject(): Struct | undefined;
  getProtect(): boolean;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(f: (deps: { getUrnsList(): string[] }, key: string) => void): void };
  getDeletebeforereplace(): boolean;
  getDeletebeforereplacedefined(): boolean;
  getRetainondelete(): boolean;
  getIgnorechangesList(): string[];
  getReplaceonchangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getProvider(): string;
}
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): Struct | undefined;
}
type Callback<R> = (err: unknown, response: R | undefined) => void;
interface MonitorLike extends MockMonitorState {
  registerResource(req: MockRegisterRequest, callback: Callback<RegisterResponse>): unknown;
  registerResourceOutputs(req: OutputsRequest, callback: Callback<unknown>): unknown;
}

// Internal modules of @pulumi/pulumi 3.276 (pinned): the installed monitor, the RPC queue, the wire markers.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): MonitorLike; waitForRPCs(): Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc") as { specialSigKey: string; specialSecretSig: string; transferProperties: typeof lazyTransferProperties };
/** Input names that are plumbing, not content: the serialised dynamic provider's code. */
const DYNAMIC_PROVIDER_INPUT = "__provider";
const DYNAMIC_PROVIDER_PLACEHOLDER = "<serialized dynamic provider>";

/**
 * What the SDK does only for a real deployment, replaced while a capture runs (restored after):
 * - it records a stack trace, a debug label and a leak-report entry for every promise it makes
 *   (runtime/debuggable.js debuggablePromise: read only by its leak report at exit), and a full
 *   stack trace per resource for its source position (Resource.callsites). That was most of a
 *   capture's time and memory: half a dozen promises per output property of every resource.
 * - a dynamic resource's provider is serialised into its `__provider` input (needing a debugger
 *   session and the TypeScript parser); offline nothing runs it, the engine leaves `__*` inputs
 *   out of what policies see, and the capture records a placeholder.
 * - it makes an Output for every property of every custom resource up front; a capture makes each
 *   when the program first reads it (engine/lazy-outputs.ts).
 * - it encodes every request's values in protobuf Structs, which offline are only decoded again;
 *   a capture keeps them decoded (engine/struct-snapshot.ts).
 * What the program registers is unchanged: test/components/language-host.e2e.test.ts runs it
 * through the language host's own entry with all of the above and gets the same resources.
 */
// Internal modules of @pulumi/pulumi 3.276 (pinned).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: <T>(p: Promise<T>, ctx?: unknown) => Promise<T> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as { serializeFunction: (...args: unknown[]) => Promise<{ text: string; containsSecrets: boolean }> };
const resourceClass = pulumi.Resource as unknown as { callsites: () => unknown[] };

function offlineOnly(): () => void {
  const saved = { debuggablePromise: debuggable.debuggablePromise, serializeFunction: closure.serializeFunction, callsites: resourceClass.callsites, transferProperties: rpc.transferProperties };
  debuggable.debuggablePromise = (p) => p;
  closure.serializeFunction = async () => ({ text: DYNAMIC_PROVIDER_PLACEHOLDER, containsSecrets: false });
  resourceClass.callsites = () => [];
  rpc.transferProperties = lazyTransferProperties;
  const restoreStructs = keepStructsDecoded();
  return () => {
    restoreStructs();
    debuggable.debuggablePromise = saved.debuggablePromise;
    closure.serializeFunction = saved.serializeFunction;
    resourceClass.callsites = saved.callsites;
    rpc.transferProperties = saved.transferProperties;
  };
}

async function captureOnce<T>(run: ProgramRun<T>): Promise<ProgramCapture> {
  // In registration order; each request is recorded as soon as it is answered, so the run does
  // not hold every request message to the end.
  const recorded: Array<CapturedResource | RegisterRequest> = [];
  const components = new Map<string, CapturedResource>();

  await pulumi.runtime.setMocks(run.mocks, run.project, run.stack, run.preview === true);
  const monitor = settings.getMonitor();
  // The MockMonitor qualifies a child's type with its parent's last type only; the engine uses the
  // parent's whole type chain (`A$B$C`). Use the engine's rule so URNs match a real deployment.
  monitor.newUrn = (parent, type, name) => engineUrn(run.stack, run.project, parent, type, name);
  // Registered as the MockMonitor registers (engine/mock-register.ts), the request decoded once for the mocks and the record.
  monitor.registerResource = (req, callback) => {
    const slot = recorded.push(req) - 1;
    const inputs = req.getObject()?.toJavaScript() as Record<string, unknown>;
    return mockRegister(monitor, req, inputs, (err, response) => {
      if (!err && response) {
        const captured = capturedResource(req, response.getUrn(), req.getCustom() ? response.getObject().toJavaScript() : {}, inputs);
        recorded[slot] = captured;
        if (!captured.custom) components.set(captured.urn, captured);
      }
      callback(err, response);
    });
  };
  const restoreSdk = offlineOnly();
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, callback) => {
    const component = components.get(req.getUrn());
    if (component) Object.assign(component, outputsOf(req.getOutputs()?.toJavaScript() ?? {}));
    return registerOutputs(req, callback);
  };
  pulumi.runtime.setAllConfig(run.config ?? {}, run.secretKeys ?? []);

  // An input whose apply throws never reaches the monitor: its registration stays pending and
  // the rejection surfaces only as an unhandled rejection. Fail the run on the first one.
  let fail: (reason: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const onRejection = (reason: unknown) => fail(reason instanceof Error ? reason : new Error(String(reason)));
  process.on("unhandledRejection", onRejection);
  let outputs: Record<string, unknown>;
  try {
    const built = run.program();
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
    restoreSdk();
  }

  const resources = recorded.map((r) => ("urn" in r ? r : capturedResource(r, monitor.newUrn(r.getParent(), r.getType(), r.getName()), {})));
  return { resources, outputs };
}

/**
 * A resource as the engine holds it, from the RegisterResourceRequest the SDK sent and the outputs
 * it ended with (wire form: secrets marked, unknowns as sentinels). Also used by the language-host
 * test's gRPC monitor, so both runs of the program are recorded alike.
 */
export function capturedResource(req: RegisterRequest, urn: string, wireOutputs: Record<string, unknown>, wireInputs: Record<string, unknown> = req.getObject()?.toJavaScript() ?? {}): CapturedResource {
  const inputs = plainOf(wireInputs ?? {});
  if (DYNAMIC_PROVIDER_INPUT in inputs.value) inputs.value[DYNAMIC_PROVIDER_INPUT] = DYNAMIC_PROVIDER_PLACEHOLDER;
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => {
    if (deps.getUrnsList().length) propertyDependencies[key] = deps.getUrnsList();
  });
  const captured: CapturedResource = {
    urn,
    type: req.getType(),
    name: req.getName(),
    custom: req.getCustom(),
    inputs: inputs.value,
    secretPaths: inputs.secretPaths,
    ...outputsOf(wireOutputs),
    dependencies: req.getDependenciesList(),
    propertyDependencies,
    options: compactOptions({
      protect: req.getProtect() || undefined,
      deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
      retainOnDelete: req.getRetainondelete() || undefined,
      ignoreChanges: req.getIgnorechangesList(),
      replaceOnChanges: req.getReplaceonchangesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    }),
  };
  if (req.getParent()) captured.parent = req.getParent();
  if (req.getProvider()) captured.provider = req.getProvider();
  const aliases = aliasUrns(req, urn);
  if (aliases.length) captured.aliases = aliases;
  return captured;
}

/** A resource's outputs in wire form as CapturedResource holds them. */
function outputsOf(wire: Record<string, unknown>): Pick<CapturedResource, "outputs" | "outputSecretPaths"> {
  const { value, secretPaths } = plainOf(wire);
  if (DYNAMIC_PROVIDER_INPUT in value) value[DYNAMIC_PROVIDER_INPUT] = DYNAMIC_PROVIDER_PLACEHOLDER;
  return { outputs: value, outputSecretPaths: secretPaths };
}

function compactOptions(options: CapturedOptions): CapturedOptions {
  const out: CapturedOptions = {};
  for (const [k, v] of Object.entries(options) as Array<[keyof CapturedOptions, unknown]>) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** A wire value with its secrets unwrapped, and the paths where they were. Unknown values stay the engine's sentinels. */
function plainOf(wire: Record<string, unknown>): { value: Record<string, unknown>; secretPaths: string[] } {
  const secretPaths: string[] = [];
  // The keys down to the value at hand; spelled out as a path only where a secret is found.
  const keys: Array<string | number> = [];
  const unwrap = (value: unknown, inSecret: boolean): unknown => {
    if (Array.isArray(value)) {
      const list: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        keys.push(i);
        list.push(unwrap(value[i], inSecret));
        keys.pop();
      }
      return list;
    }
    if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      if (record[rpc.specialSigKey] === rpc.specialSecretSig) {
        if (!inSecret) secretPaths.push(pathOf(keys));
        return unwrap(record.value, true);
      }
      const object: Record<string, unknown> = {};
      for (const k of Object.keys(record)) {
        keys.push(k);
        const v = unwrap(record[k], inSecret);
        keys.pop();
        if (k === "__proto__") Object.defineProperty(object, k, { value: v, writable: true, enumerable: true, configurable: true });
        else object[k] = v;
      }
      return object;
    }
    return value;
  };
  return { value: unwrap(wire, false) as Record<string, unknown>, secretPaths };
}

/** `a.b[0].c` */
function pathOf(keys: ReadonlyArray<string | number>): string {
  let path = "";
  for (const k of keys) path = typeof k === "number" ? `${path}[${k}]` : path ? `${path}.${k}` : k;
  return path;
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
