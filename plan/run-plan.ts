/**
 * The offline plan, end to end: load and validate the stack file -> run the real program under
 * the mock engine (engine/capture.ts) -> judge it with the real policies through @pulumi/policy's
 * analyzer and the environment's config (engine/analyze.ts) -> a PlanReport (plan/build-report.ts);
 * with `base`, the same file at a git ref goes through load and capture too, for the diff
 * (plan/diff.ts, plan/resource-diff.ts). No credentials, no Pulumi CLI, no network.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { allPolicies } from "../policies/registry";
import { isCalendarDate, todayUtc } from "../stacks/dates";
import { formatDefect, parseStackFile, type StackDefect } from "../stacks/load";
import type { StackSpec } from "../stacks/schema";
import { runPolicies } from "../engine/analyze";
import { captureStack, type CapturedResource } from "../engine/capture";
import { buildReport, type BuildReportInput, type PolicyInfo, type ReportViolation } from "./build-report";
import { diffStacks } from "./diff";
import { changedSince, fileAtRef, GitRefError } from "./git";
import { lifecycleFindings } from "./lifecycle";
import { policyLevelChanges, policyLevels } from "./policy-levels";
import { importClosure, PACK_ENTRY } from "./source-imports";
import { entryLocator, type Locator } from "./locate-entry";
import { secretValuesOf } from "./redact";
import { repositoryPath } from "./repo-path";
import type { LifecycleFinding, PlanDiff, PlanReport, PolicyLevelChange } from "./report-model";
import { diffResources } from "./resource-diff";

export interface PlanOptions {
  /** The stack file. */
  file: string;
  /** Judge dates as of this UTC date (YYYY-MM-DD); default SWITCHYARD_TODAY, else the clock. */
  today?: string;
  /** Policy config file; default policies/config/<environment>.json under `policyConfigDir`. */
  policyConfigFile?: string;
  policyConfigDir?: string;
  /** A git ref to diff against. */
  base?: string;
  /** Pulumi config values for the program (secrets included); provider-key secrets default to placeholders. */
  config?: Record<string, string>;
}

/** Bad input, nothing planned (exit code 2): what went wrong, what to do, and the stack file's defects if any. */
export class PlanInputError extends Error {
  constructor(
    readonly what: string,
    readonly todo: string,
    readonly defects: StackDefect[] = [],
  ) {
    super(`${what}; ${todo}`);
    this.name = "PlanInputError";
  }
}

export interface PlanResult {
  report: PlanReport;
  /** What the mock engine captured of the head stack file, as the policies judged it. */
  resources: CapturedResource[];
  /** The stack file's text, as planned (SARIF's end positions and line hashes). */
  source: string;
  /** Milliseconds spent in the mock engine (capture), in the policies, and in total. */
  timings: { captureMs: number; policiesMs: number; totalMs: number };
}

export async function runPlan(options: PlanOptions): Promise<PlanResult> {
  const started = performance.now();
  const today = options.today ?? todayUtc();
  if (!isCalendarDate(today)) throw new PlanInputError(`today "${today}" is not a calendar date`, "give a date that exists, as YYYY-MM-DD");
  if (!existsSync(options.file)) throw new PlanInputError(`no stack file ${options.file}`, "name an existing stack file");

  const source = readFileSync(options.file, "utf8");
  const loaded = parseStackFile(source, options.file);
  if (!loaded.ok) {
    const n = loaded.defects.length;
    throw new PlanInputError(`${options.file} is invalid (${n} defect${n === 1 ? "" : "s"}), nothing was planned`, "fix the defects above and plan again", loaded.defects);
  }
  const spec = loaded.spec;

  const policyConfig = options.policyConfigFile ?? join(options.policyConfigDir ?? "policies/config", `${spec.environment}.json`);
  if (!existsSync(policyConfig)) {
    throw new PlanInputError(
      `no policy config for environment "${spec.environment}": ${policyConfig} does not exist`,
      options.policyConfigFile ? "name an existing file" : `copy another environment's (switchyard init creates both files of a new environment), or pass --policy-config FILE`,
    );
  }
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(readFileSync(policyConfig, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new PlanInputError(`${policyConfig} is not valid JSON (${(e as Error).message})`, "fix the file");
  }

  const now = new Date(`${today}T00:00:00Z`);
  let captureMs = 0;
  const capture = async (s: StackSpec) => {
    const t = performance.now();
    try {
      return (await captureStack(s, { now, ...(options.config ? { config: options.config } : {}) })).resources;
    } finally {
      captureMs += performance.now() - t;
    }
  };
  const resources = await capture(spec);

  let policiesMs = 0;
  const judge = async (s: StackSpec, r: CapturedResource[]) => {
    const t = performance.now();
    const previousToday = process.env.SWITCHYARD_TODAY;
    process.env.SWITCHYARD_TODAY = today;
    try {
      return await runPolicies(r, { config, stackTags: { "switchyard:environment": s.environment }, stack: s.environment, project: "switchyard" });
    } catch (e) {
      throw new PlanInputError(`${policyConfig}: ${(e as Error).message}`, "fix the policy config");
    } finally {
      if (previousToday === undefined) delete process.env.SWITCHYARD_TODAY;
      else process.env.SWITCHYARD_TODAY = previousToday;
      policiesMs += performance.now() - t;
    }
  };
  const violations = await judge(spec, resources);

  let diff: PlanDiff | undefined;
  let lifecycle: LifecycleFinding[] | undefined;
  let base: BuildReportInput["base"];
  let levelChanges: PolicyLevelChange[] | undefined;
  let codeChanges: string[] | undefined;
  // Named from the repository root: SARIF's %SRCROOT% and GitHub links read them so.
  const file = repositoryPath(options.file);
  const locate = entryLocator(source, file, loaded.document);
  const secrets = [...secretValuesOf(resources), ...Object.values(options.config ?? {})];
  // The stack file holds no secret (the loader refuses credentials): none of its values is scrubbed,
  // so an id that also sits inside a secret JSON document (a gateway id) stays readable.
  const stackValues = new Set(stringsOf(spec));
  if (options.base !== undefined) {
    let baseText: string | undefined;
    try {
      baseText = fileAtRef(options.base, options.file);
    } catch (e) {
      if (e instanceof GitRefError) throw new PlanInputError(e.what, e.todo);
      throw e;
    }
    ({ diff, lifecycle, base } = await baseDiff(options.base, baseText, options.file, spec, resources, capture, judge, secrets, { today, locate }));
    // The policy config and the pack's code are part of the change under review (left out when they
    // are not in the repository, e.g. --policy-config from elsewhere).
    try {
      levelChanges = policyLevelChanges(allPolicies, parsedOrEmpty(fileAtRef(options.base, policyConfig)), config, spec.environment);
    } catch (e) {
      if (!(e instanceof GitRefError)) throw e;
    }
    const root = projectRootOf(options.file);
    try {
      codeChanges = root ? changedSince(options.base, root, importClosure(root, [PACK_ENTRY])) : [];
    } catch {
      codeChanges = undefined; // the pack is not in this repository
    }
  }

  const policies = new Map<string, PolicyInfo>(allPolicies.map((p) => [p.name, { description: p.description, remediationSteps: p.remediationSteps }]));
  const report = buildReport({
    file,
    spec,
    locate,
    resources,
    violations,
    policies,
    today,
    policyConfig: repositoryPath(policyConfig),
    secrets: secrets.filter((s) => !stackValues.has(s)),
    ...(diff ? { diff } : {}),
    ...(lifecycle ? { lifecycle } : {}),
    ...(base ? { base } : {}),
    policyLevels: policyLevels(allPolicies, config, spec.environment),
    ...(levelChanges ? { policyLevelChanges: levelChanges } : {}),
    ...(codeChanges ? { policyCodeChanges: codeChanges } : {}),
  });
  return { report, resources, source, timings: { captureMs, policiesMs, totalMs: performance.now() - started } };
}

async function baseDiff(
  ref: string,
  baseText: string | undefined,
  file: string,
  head: StackSpec,
  headResources: CapturedResource[],
  capture: (s: StackSpec) => Promise<CapturedResource[]>,
  judge: (s: StackSpec, r: CapturedResource[]) => Promise<ReportViolation[]>,
  secrets: string[],
  dates: { today: string; locate: Locator },
): Promise<{ diff: PlanDiff; lifecycle?: LifecycleFinding[]; base?: BuildReportInput["base"] }> {
  if (baseText === undefined) {
    // Nothing deployed from this file yet: every resource is created, nothing is refused or cut off.
    return { diff: { baseRef: ref, baseState: "missing", baseDefects: [], entries: diffStacks(undefined, head), resources: diffResources([], headResources) }, lifecycle: [] };
  }
  const base = parseStackFile(baseText, `${file}@${ref}`);
  if (!base.ok) return { diff: { baseRef: ref, baseState: "invalid", baseDefects: base.defects.map(formatDefect), entries: [], resources: [] } };
  const baseResources = await capture(base.spec);
  secrets.push(...secretValuesOf(baseResources));
  const resources = diffResources(baseResources, headResources);
  const lifecycle = lifecycleFindings({ changes: resources, base: base.spec, head, baseResources, headResources, ...dates });
  // The base judged by today's policies and config: what this change did not bring.
  const violations = await judge(base.spec, baseResources);
  return { diff: { baseRef: ref, baseState: "ok", baseDefects: [], entries: diffStacks(base.spec, head), resources }, lifecycle, base: { spec: base.spec, violations } };
}

function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsOf(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => stringsOf(v, out));
  return out;
}


/** A config file's text at the base ref as JSON; `{}` (every policy at its level in code) when missing or unreadable there. */
function parsedOrEmpty(text: string | undefined): Record<string, unknown> {
  try {
    const value = text === undefined ? {} : (JSON.parse(text) as unknown);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The nearest folder above the stack file that holds the policy pack. */
function projectRootOf(file: string): string | undefined {
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, PACK_ENTRY))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
