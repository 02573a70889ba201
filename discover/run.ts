/**
 * `switchyard discover` as one pure-ish step: scan the trees, judge each place, draft workloads,
 * count the sprawl, and (with a stack file) hold the code to it. The CLI (cli/discover.ts) only
 * parses arguments, loads the stack file and writes what this returns.
 */
import { sprawlCount } from "../plan/sprawl";
import { gatewayCompatUrl } from "../stacks/providers";
import type { StackSpec } from "../stacks/schema";
import { compareWithStack, credentialFindings, FAILING, workloadOf, type Finding } from "./compare";
import { draftWorkloads, type Draft } from "./draft";
import { codeSprawl, FOUND_METRICS, judgeAll, servicesOf, type FoundMetric, type ServiceInventory } from "./inventory";
import { scan, type ScanResult } from "./scan";
import type { RawCredential } from "./sites";

/** Bump on any change that could break a reader of the JSON (a removed or renamed field). */
export const DISCOVER_SCHEMA_VERSION = 1;

export interface SprawlRow {
  metric: FoundMetric;
  label: string;
  meaning: string;
  /** As the code has it today. */
  found: number;
  /** With every service on its drafted workload (the skeleton draft's stack, counted by plan/sprawl.ts). */
  afterMove: number;
}

export interface DiscoverReport {
  kind: "switchyard-discover";
  schemaVersion: typeof DISCOVER_SCHEMA_VERSION;
  paths: string[];
  today: string;
  stack?: { file: string; environment: string };
  files: ScanResult["files"];
  services: ServiceInventory[];
  rawCredentials: Array<RawCredential & { service: string }>;
  sprawl: SprawlRow[];
  /** Every service drafted into a skeleton stack file (validated): what the move would look like. */
  draft: Draft;
  /** With --stack: the services that have no workload there, drafted into that stack file (validated). */
  stackDraft?: Draft;
  findings: Finding[];
  failed: boolean;
}

export interface DiscoverInput {
  paths: string[];
  today: string;
  /** The stack file to compare with: its text, display name and validated spec. */
  stack?: { text: string; file: string; spec: StackSpec };
  cwd?: string;
}

export async function discover(input: DiscoverInput): Promise<DiscoverReport> {
  const result = await scan(input.paths, input.cwd);
  const spec = input.stack?.spec;
  const entry = spec ? { hosts: spec.gateway.frontDoor ? [spec.gateway.frontDoor.hostname.toLowerCase()] : [], gatewayPrefix: `${gatewayCompatUrl(spec.cloudflare.accountId, spec.gateway.id).replace(/compat$/, "")}`.toLowerCase() } : { hosts: [] };
  const services = servicesOf(result, judgeAll(result, entry));
  const environment = spec?.environment ?? "draft";

  const draft = draftWorkloads(services, { environment, today: input.today });
  const found = codeSprawl(services);
  const after = draft.spec ? Object.fromEntries(sprawlCount(draft.spec).counts.map((c) => [c.metric, c.declared])) : {};
  const sprawl = FOUND_METRICS.map(([metric, label, meaning]): SprawlRow => ({
    metric,
    label,
    meaning,
    found: found[metric],
    afterMove: metric === "modelIds" || metric === "services" ? found[metric] : ((after as Record<string, number>)[metric] ?? found[metric]),
  }));

  const findings = credentialFindings(result.rawCredentials);
  let stackDraft: Draft | undefined;
  if (input.stack && spec) {
    findings.push(...compareWithStack(spec, services));
    const missing = services.filter((s) => s.sites.length > 0 && workloadOf(spec, s.name) === undefined);
    if (missing.length) stackDraft = draftWorkloads(missing, { environment, today: input.today, base: input.stack });
  }
  return {
    kind: "switchyard-discover",
    schemaVersion: DISCOVER_SCHEMA_VERSION,
    paths: input.paths,
    today: input.today,
    ...(input.stack ? { stack: { file: input.stack.file, environment } } : {}),
    files: result.files,
    services,
    rawCredentials: result.rawCredentials,
    sprawl,
    draft,
    ...(stackDraft ? { stackDraft } : {}),
    findings,
    failed: findings.some((f) => FAILING.has(f.rule)),
  };
}
