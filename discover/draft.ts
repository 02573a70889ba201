/**
 * Drafts, from what the code does, the stack-file entries a service needs to move to the gateway:
 * a workload (path, models, a gateway key, the provider keys it must keep reading, its decision
 * record's current base URL and rollback model), the provider keys the gateway would call with,
 * and the code lines that change. Every draft goes through the loader (stacks/load.ts): either
 * into a skeleton stack file (no --stack) or into the team's own (with --stack), so a draft that
 * is printed is one that validates. Placeholders a person must replace are marked `# TODO`.
 */
import { isMap, parseDocument } from "yaml";
import { decisionRecord, gatewayBaseUrl, servedKeyByProvider, type DecisionRecord } from "../plan/decision-records";
import { addDays } from "../stacks/dates";
import { FORMATS } from "../stacks/formats";
import { parseStackFile, type StackDefect } from "../stacks/load";
import { DIRECT_APIS, GATEWAY_SERVING, PROVIDERS, dynamicName, providerOf, whyNotCallable, type Provider } from "../stacks/providers";
import { markTodos, PLACEHOLDER, skeletonStack } from "../stacks/placeholders";
import type { StackSpec } from "../stacks/schema";
import type { JudgedSite, ServiceInventory } from "./inventory";
import { stackFamilyOf } from "./catalogue";
import { describeOrigin } from "./sites";

export interface Move {
  file: string;
  line: number;
  col: number;
  what: "base URL" | "key" | "model";
  from: string;
  to: string;
}

export interface WorkloadDraft {
  service: string;
  workload: string;
  path: "gateway" | "hybrid" | "direct";
  /** The entry as the YAML holds it. */
  entry: Record<string, unknown>;
  moves: Move[];
  /** What the draft could not carry over, and why. */
  notes: string[];
}

export interface Draft {
  /** The whole stack file the drafts were validated in. */
  yaml: string;
  /** Only what was drafted (providerKeys and workloads), to paste into a stack file. */
  fragment: string;
  workloads: WorkloadDraft[];
  /** The validated stack, or the loader's defects (a bug in the draft: reported, never hidden). */
  spec?: StackSpec;
  defects: StackDefect[];
  records: DecisionRecord[];
}

const isStackProvider = (p: string): p is Provider => (PROVIDERS as readonly string[]).includes(p);
const unique = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];
const camel = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, "");
const envName = (workload: string) => `${workload.toUpperCase().replace(/-/g, "_")}_GATEWAY_KEY`;

/** The SDK base URL a client of `provider` takes through the front door (docs/front-door.md "Calling it"). */
export function entryFor(entry: string, provider: Provider): string {
  return GATEWAY_SERVING[provider].native === "anthropic" || GATEWAY_SERVING[provider].native === "gemini" ? entry : `${entry}/v1`;
}

/** How a model id reads through the front door: bare on its provider's own API, provider/model on the compat endpoint. */
function modelThroughGateway(model: string): string {
  const provider = providerOf(model);
  return GATEWAY_SERVING[provider]?.native && GATEWAY_SERVING[provider].native !== "openai-chat" ? model.slice(model.indexOf("/") + 1) : model;
}

export interface DraftTarget {
  environment: string;
  today: string;
  /** The team's stack file (text and where it is), or none for a skeleton. */
  base?: { text: string; file: string; spec: StackSpec };
}

export function draftWorkloads(services: ServiceInventory[], target: DraftTarget): Draft {
  const { today, base } = target;
  const doc = parseDocument(base?.text ?? skeletonStack(target.environment, ["Drafted by switchyard discover from application code: review every TODO before use."]));
  const existing = base?.spec;
  const keyLabels = new Set(Object.keys(existing?.providerKeys ?? {}));
  const served = existing ? servedKeyByProvider(existing) : new Map<Provider, string>();
  const byProvider = new Map<Provider, string>(existing ? Object.entries(existing.providerKeys).map(([label, k]) => [k.provider, served.get(k.provider) ?? label] as [Provider, string]).reverse() : []);
  const newKeys: Record<string, unknown> = {};
  const keyFor = (provider: Provider): string => {
    const known = byProvider.get(provider);
    if (known) return known;
    let label = `${provider}-main`;
    for (let i = 2; keyLabels.has(label); i++) label = `${provider}-main-${i}`;
    keyLabels.add(label);
    byProvider.set(provider, label);
    newKeys[label] = {
      provider,
      source: { pulumiSecret: `${camel(provider)}ApiKey` },
      owner: base?.spec.owner ?? PLACEHOLDER.email("platform"),
      rotation: { everyDays: 90, lastRotated: today },
    };
    return label;
  };
  const gatewayKeyNames = new Set(Object.values(existing?.workloads ?? {}).flatMap((w) => w.keys.map((k) => k.name)));
  const roleAccount = Object.values(existing?.workloads ?? {})[0]?.readerRoleArn.split(":")[4] ?? PLACEHOLDER.awsAccount;
  const entryUrl = existing ? gatewayBaseUrl(existing).url : `https://${PLACEHOLDER.hostname}`;

  const drafts: WorkloadDraft[] = [];
  for (const service of services) {
    if (service.sites.length === 0) continue;
    const draft = draftOne(service, { keyFor, entryUrl, routes: new Set(Object.keys(existing?.routes ?? {})), environment: target.environment, today, roleAccount, owner: PLACEHOLDER.email(`team-${service.name}`), alert: existing ? Object.keys(existing.alerts)[0] : "platform" });
    let keyName = `${draft.workload}-${target.environment}`;
    for (let i = 2; gatewayKeyNames.has(keyName); i++) keyName = `${draft.workload}-${target.environment}-${i}`;
    if (Array.isArray(draft.entry.keys)) (draft.entry.keys as Array<{ name: string }>)[0].name = keyName;
    gatewayKeyNames.add(keyName);
    drafts.push(draft);
  }

  for (const [label, key] of Object.entries(newKeys)) doc.setIn(["providerKeys", label], doc.createNode(key, { aliasDuplicateObjects: false }));
  for (const d of drafts) doc.setIn(["workloads", d.workload], doc.createNode(d.entry, { aliasDuplicateObjects: false }));
  const flowless = (node: unknown) => {
    if (isMap(node)) node.flow = false;
  };
  flowless(doc.get("providerKeys"));
  flowless(doc.get("workloads"));
  const text = doc.toString({ lineWidth: 0 });
  // The team's own stack file keeps its lines as they are; only a skeleton is all placeholders.
  const yaml = base ? text : markTodos(text);
  const fragmentDoc = parseDocument("{}");
  if (Object.keys(newKeys).length) fragmentDoc.set("providerKeys", newKeys);
  fragmentDoc.set("workloads", Object.fromEntries(drafts.map((d) => [d.workload, d.entry])));
  if (isMap(fragmentDoc.contents)) fragmentDoc.contents.flow = false;
  const fragment = drafts.length ? markTodos(fragmentDoc.toString({ lineWidth: 0 })) : "";

  const file = base?.file ?? `draft/${target.environment}.yaml`;
  const loaded = parseStackFile(yaml, file);
  if (!loaded.ok) return { yaml, fragment, workloads: drafts, defects: loaded.defects, records: [] };
  return { yaml, fragment, workloads: drafts, spec: loaded.spec, defects: [], records: drafts.map((d) => decisionRecord(loaded.spec, d.workload, today)) };
}

interface DraftContext {
  keyFor: (provider: Provider) => string;
  entryUrl: string;
  routes: ReadonlySet<string>;
  environment: string;
  today: string;
  roleAccount: string;
  owner: string;
  /** The channel drafted workloads alert: the stack file's first, or the skeleton's. */
  alert?: string;
}

function draftOne(service: ServiceInventory, ctx: DraftContext): WorkloadDraft {
  const notes: string[] = [];
  const sites = service.sites;
  for (const p of unique(sites.map((s) => s.provider))) if (!isStackProvider(p)) notes.push(`${p}: not a provider a stack file names (AI Gateway slugs: ${PROVIDERS.join(", ")}); its calls stay as they are`);
  const providers = unique(sites.map((s) => s.provider)).filter(isStackProvider);
  const callable = providers.filter((p) => !whyNotCallable(p));
  const direct = providers.filter((p) => whyNotCallable(p));
  for (const p of direct) notes.push(`${p} stays direct: ${whyNotCallable(p)}`);

  const named = unique(sites.flatMap((s) => s.stackModels));
  const routes = unique(named.map(dynamicName).filter((r): r is string => r !== undefined));
  for (const r of routes) if (!ctx.routes.has(r)) notes.push(`dynamic/${r}: no route ${r} in the stack file; add the route, then list it under routes`);
  const models = named.filter((m) => dynamicName(m) === undefined && callable.includes(providerOf(m)));
  for (const s of sites) for (const m of s.models) if (!s.stackModels.some((x) => x.endsWith(`/${m}`) || x === m)) notes.push(`${s.file}:${s.line}: model ${JSON.stringify(m)} maps to no provider of the stack file`);
  const knownRoutes = routes.filter((r) => ctx.routes.has(r));
  let path: WorkloadDraft["path"] = callable.length === 0 ? "direct" : direct.length ? "hybrid" : "gateway";
  const callsSomething = models.length + knownRoutes.length > 0;
  if (path !== "direct" && !callsSomething) {
    notes.push(`no model id of ${callable.join(", ")} was found in the code: list its models (or routes) to move it through the gateway; drafted as direct until then`);
    path = "direct";
  }
  const directKeys = unique((path === "direct" ? providers : direct).map(ctx.keyFor));
  // With billing byok the gateway needs a key of every provider it calls for the workload.
  if (path !== "direct") for (const m of models) ctx.keyFor(providerOf(m));
  const reaching = sites.filter((s) => s.reach === "direct" && !s.unresolvedClient);
  const current = reaching.map((s) => s.url).find((u): u is string => u !== undefined && FORMATS.httpsUrl.pattern.test(u));
  const rollbackModel = reaching.flatMap((s) => s.stackModels).find((m) => dynamicName(m) === undefined && callable.includes(providerOf(m)));

  const entry: Record<string, unknown> = { owner: ctx.owner, path };
  if (path !== "direct") {
    if (knownRoutes.length) entry.routes = knownRoutes;
    if (models.length) entry.models = models;
    // Scoped to the endpoint families its code calls (chat where none is known).
    const families = unique(reaching.flatMap((s) => { const f = s.family === undefined ? undefined : stackFamilyOf(s.family); return f ? [f] : []; }));
    entry.keys = [{ name: `${service.name}-${ctx.environment}`, expiresOn: addDays(ctx.today, 90), families: families.length ? families.sort() : ["chat"] }];
  }
  if (directKeys.length && path !== "gateway") entry.directKeys = directKeys;
  entry.readerRoleArn = `arn:aws:iam::${ctx.roleAccount}:role/${service.name}`;
  if (ctx.alert) entry.alerts = [ctx.alert];
  const decision: Record<string, unknown> = {};
  if (current && path !== "direct") decision.currentBaseUrl = current;
  if (rollbackModel && path !== "direct") decision.rollbackModel = rollbackModel;
  if (Object.keys(decision).length) entry.decision = decision;

  return { service: service.name, workload: service.name, path, entry, moves: path === "direct" ? [] : moves(reaching, ctx, service.name, callable), notes: unique(notes) };
}

/** The code lines that change when the service moves: base URL, key variable, model id. */
function moves(sites: JudgedSite[], ctx: DraftContext, workload: string, callable: Provider[]): Move[] {
  const out: Move[] = [];
  for (const s of sites) {
    if (!isStackProvider(s.provider) || !callable.includes(s.provider)) continue;
    const at = { file: s.file, line: s.line, col: s.col };
    if (s.what !== "call") out.push({ ...at, what: "base URL", from: describeOrigin(s.baseUrl), to: s.what === "http" ? `${ctx.entryUrl}/… (the same API path through the front door)` : entryFor(ctx.entryUrl, s.provider) });
    if (s.what === "client") out.push({ ...at, what: "key", from: describeOrigin(s.key), to: `env ${envName(workload)} (the workload key, from its secret)` });
    if (s.what === "call") {
      for (const m of s.stackModels) {
        const through = modelThroughGateway(m);
        const code = s.models.find((x) => m.endsWith(`/${x}`) || m === x);
        if (code !== undefined && code !== through) out.push({ ...at, what: "model", from: JSON.stringify(code), to: JSON.stringify(through) });
      }
    }
    if (!DIRECT_APIS[s.provider].sdk && s.what === "client") out.push({ ...at, what: "base URL", from: s.sdk, to: "the OpenAI SDK (chat completions through the front door)" });
  }
  return out;
}
