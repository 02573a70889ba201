/**
 * Rules that span fields: references resolve, names are unique, `path` agrees with the keys a
 * workload holds, rollback differs from primary, one gateway-served key per provider
 * (gateway-keys.ts). The shape itself is schema.ts's job.
 */
import { alarmActionProblems } from "./alarm-actions";
import { readerAccountProblems } from "./reader-accounts";
import { AWS_BUDGET_LIMITS, awsBudgetName, budgetSubscribers, hasAwsBudget } from "./aws-budget";
import { ALERT_CHANNEL_FIELDS, exactlyOneProblem, HEADER_VALUE_FIELDS, KEY_SOURCE_FIELDS } from "./exactly-one";
import { DEFAULT_BYOK_ALIAS, gatewayKeyChoices, type GatewayKeyChoice } from "./gateway-keys";
import { keyNameUses } from "./key-names";
import { checkLedgerSource } from "./ledger-source";
import { nearest } from "./nearest";
import { callsGateway, readsDirectly } from "./paths";
import { whyNotCallable, whyNotRoutable } from "./providers";
import { checkRenames } from "./renames";
import { routeTargets, sameTarget } from "./route-targets";
import { providerOf, type StackFile, type RouteTarget } from "./schema";
import { MAX_SPEND_RULES, spendLimitGroups } from "./spend-limit-groups";

export type FieldPath = ReadonlyArray<string | number>;
export interface SpecIssue {
  path: FieldPath;
  message: string;
}

const DIRECT_INSTEAD = "read its key directly instead (directKeys, path direct or hybrid)";

/** " (did you mean x?)" when one existing name is close, then the names that do exist. */
function unknownName(kind: string, name: string, existing: string[]): string {
  const known = existing.length ? `; declared: ${existing.join(", ")}` : `; none are declared`;
  const near = nearest(name, existing);
  const hint = near !== undefined ? ` (did you mean "${near}"?)` : "";
  return `unknown ${kind} "${name}"${hint}${known}`;
}

/** Why a second gateway-served key of one provider is refused, and the ways out. */
function secondGatewayKey(choice: GatewayKeyChoice, first: string, extra: string): string {
  const p = choice.provider;
  const oneKey = `the gateway calls each provider with one key, the one under BYOK alias "${DEFAULT_BYOK_ALIAS}"`;
  const elsewhere = `or serve it from a second gateway (its own stack file)`;
  switch (choice.by) {
    case "routes":
      return `provider key "${extra}" would be a second ${p} key on this gateway (routes already name "${first}"): ${oneKey}, and a route cannot pick another, so "${first}" would pay. Use "${first}" here, give the workload that needs "${extra}" a direct path (path hybrid or direct, directKeys: [${extra}]), ${elsewhere}`;
    case "not-direct":
      return `would be a second ${p} key on this gateway (after "${first}"): workloads call ${p} through the gateway, and ${oneKey}. List "${extra}" in directKeys of the workloads that read it (a direct path: it then stays in AWS), name the gateway's ${p} key in a route, ${elsewhere}`;
    case "direct":
      return `would be a second ${p} key on this gateway (after "${first}"): workloads call ${p} through the gateway, every ${p} key is in directKeys so none is direct-only, and ${oneKey}. Name the gateway's ${p} key in a route, ${elsewhere}`;
  }
}

/** AWS Budgets' limits for a workload whose budget is also an AWS budget (aws-budget.ts). */
function checkAwsBudget(name: string, thresholds: readonly number[], alerts: readonly string[], channels: StackFile["alerts"], add: (path: FieldPath, message: string) => void): void {
  const why = "this workload reads an aws-bedrock key directly, so its budget is also an AWS budget";
  const { notifications, snsSubscribers, emailSubscribers, nameLength } = AWS_BUDGET_LIMITS;
  if (name.length > nameLength) {
    add([], `${why}, named "${name}" (${name.length} characters), and AWS Budgets allows names of at most ${nameLength}: shorten the workload's name (or the environment's) by ${name.length - nameLength}`);
  }
  if (thresholds.length > notifications) {
    add(["budget", "alertAtPercent", notifications], `${why}, and AWS Budgets allows at most ${notifications} notifications per budget: keep at most ${notifications} thresholds`);
  }
  const { emails, topics } = budgetSubscribers(alerts, (name) => (Object.hasOwn(channels, name) ? channels[name] : undefined));
  for (const extra of topics.slice(snsSubscribers)) {
    add(["alerts", extra.index], `${why}, whose notifications take one SNS subscriber, and webhook channels reach it through SNS: "${topics[0].channel}" is already that subscriber. Keep one webhook channel on this workload (e-mail channels are mailed directly, up to ${emailSubscribers})`);
  }
  for (const extra of emails.slice(emailSubscribers)) {
    add(["alerts", extra.index], `${why}, whose notifications take at most ${emailSubscribers} e-mail subscribers: keep at most ${emailSubscribers} e-mail channels on this workload`);
  }
}

/** The fields of an object that are set. */
const setFields = (o: object) => Object.entries(o).flatMap(([k, v]) => (v !== undefined ? [k] : []));

/** Headers the gateway writes itself on an OTLP export: a stack file cannot set them. */
const GATEWAY_SET_HEADERS: Record<string, string> = {
  "content-type": "the gateway sets it from contentType",
  "content-length": "the gateway sets it from the body it sends",
  host: "the gateway sets it from url",
};

/** An object as written, or {}: a gateway with shape defects reaches the rules as written (load.ts withoutBrokenEntries). */
const entries = (value: unknown): Array<[string, Record<string, unknown>]> =>
  value && typeof value === "object" && !Array.isArray(value) ? Object.entries(value).map(([k, v]) => [k, v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {}]) : [];
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Guardrails, DLP, zero data retention and OpenTelemetry exporters (docs/gateway-safety.md). */
function checkSafetyControls(gateway: StackFile["gateway"], add: (path: FieldPath, message: string) => void): void {
  const { guardrails, dlp } = gateway;
  if (guardrails && setFields({ ...guardrails.prompts }).length + setFields({ ...guardrails.responses }).length === 0) {
    add(["gateway", "guardrails"], "declares no hazard category: set categories under prompts or responses to flag or block, or leave guardrails out (no category is evaluated)");
  }
  if (dlp) {
    const policies = entries(dlp.policies);
    if (policies.length === 0) add(["gateway", "dlp", "policies"], "expected at least one DLP policy; leave dlp out to turn DLP off");
    for (const [id, policy] of policies) {
      const at = ["gateway", "dlp", "policies", id];
      for (const field of ["check", "profiles"]) {
        const values = list(policy[field]);
        values.forEach((v, i) => values.indexOf(v) !== i && add([...at, field, i], `"${String(v)}" is listed twice`));
      }
    }
  }
  if (gateway.zeroDataRetention === true && gateway.billing !== "unified") {
    add(
      ["gateway", "zeroDataRetention"],
      `applies only to Unified Billing requests (billing: unified), and this gateway's billing is ${gateway.billing ?? "byok"}: its requests use our provider keys, under the provider accounts' own retention terms. Leave zeroDataRetention out, or set billing: unified`,
    );
  }
  for (const [name, exporter] of entries(gateway.openTelemetry)) {
    for (const [header, value] of entries(exporter.headers)) {
      const at = ["gateway", "openTelemetry", name, "headers", header];
      const problem = exactlyOneProblem(value, HEADER_VALUE_FIELDS);
      if (problem) add(at, problem);
      if (Object.hasOwn(GATEWAY_SET_HEADERS, header)) add(at, `cannot be set: ${GATEWAY_SET_HEADERS[header]}`);
    }
  }
}

/**
 * Every cross-field defect of a shape-valid stack file. `malformed` names entries left out
 * because their shape is wrong (reported already): references to them are not reported again.
 */
export function checkStack(stack: StackFile, malformed: ReadonlySet<string> = new Set()): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const add = (path: FieldPath, message: string) => issues.push({ path, message });
  const keyNames = Object.keys(stack.providerKeys);
  const routeNames = Object.keys(stack.routes);
  const alertNames = Object.keys(stack.alerts);
  const providersWithKeys = new Set(Object.values(stack.providerKeys).map((k) => k.provider));

  if (stack.gateway.frontDoor && !stack.cloudflare.zoneId) {
    add(["cloudflare", "zoneId"], "required when gateway.frontDoor is set: the zone that serves the front door's hostname");
  }

  for (const [name, key] of Object.entries(stack.providerKeys)) {
    const problem = exactlyOneProblem(key.source, KEY_SOURCE_FIELDS);
    if (problem) add(["providerKeys", name, "source"], problem);
  }
  checkSafetyControls(stack.gateway, add);
  checkRenames(stack, add);

  const checkTarget = (path: FieldPath, t: RouteTarget) => {
    const unroutable = whyNotRoutable(providerOf(t.model));
    if (unroutable) add([...path, "model"], `${t.model} cannot be a route target: ${unroutable}; ${whyNotCallable(providerOf(t.model)) ? DIRECT_INSTEAD : "list it in a workload's models instead"}`);
    const key = Object.hasOwn(stack.providerKeys, t.key) ? stack.providerKeys[t.key] : undefined;
    if (malformed.has(t.key)) return;
    if (!key) add([...path, "key"], unknownName("provider key", t.key, keyNames));
    else if (key.provider !== providerOf(t.model)) {
      add([...path, "key"], `provider key "${t.key}" is for ${key.provider}, but model ${t.model} is served by ${providerOf(t.model)}`);
    }
  };
  for (const { target, at } of routeTargets(stack.routes)) checkTarget(at, target);
  for (const [name, route] of Object.entries(stack.routes)) {
    const at = ["routes", name];
    if (route.canary && sameTarget(route.canary, route.primary)) add([...at, "canary"], "must differ from primary in model or key");
    if (route.rollback && sameTarget(route.rollback, route.primary)) add([...at, "rollback"], "must differ from primary in model or key, or rolling back changes nothing");
    if (!route.rollback && route.active === "rollback") add([...at, "active"], "is rollback, but the route declares no rollback target");
  }

  for (const choice of gatewayKeyChoices(stack)) {
    const [first, ...extras] = choice.keys;
    for (const extra of extras) add(extra.at, secondGatewayKey(choice, first.label, extra.label));
  }

  for (const [name, uses] of keyNameUses(Object.entries(stack.workloads).map(([workload, w]) => ({ workload, keys: w.keys })))) {
    const [first, ...again] = uses;
    for (const use of again) add(["workloads", use.workload, "keys", use.index, "name"], `gateway key name "${name}" is already used by workload ${first.workload}; names are unique across workloads`);
  }

  for (const [name, w] of Object.entries(stack.workloads)) {
    const at = ["workloads", name];
    const unique = (field: "routes" | "models" | "directKeys" | "alerts", list: string[]) =>
      list.forEach((v, i) => list.indexOf(v) !== i && add([...at, field, i], `"${v}" is listed twice`));

    const resolves = (section: Record<string, unknown>, name: string) => Object.hasOwn(section, name) || malformed.has(name);
    w.routes.forEach((r, i) => resolves(stack.routes, r) || add([...at, "routes", i], unknownName("route", r, routeNames)));
    w.directKeys.forEach((k, i) => resolves(stack.providerKeys, k) || add([...at, "directKeys", i], unknownName("provider key", k, keyNames)));
    w.alerts.forEach((a, i) => resolves(stack.alerts, a) || add([...at, "alerts", i], unknownName("alert channel", a, alertNames)));
    (["routes", "models", "directKeys", "alerts"] as const).forEach((f) => unique(f, w[f]));
    w.models.forEach((m, i) => {
      const why = whyNotCallable(providerOf(m));
      if (why) add([...at, "models", i], `${m} cannot be called through the gateway: ${why}; ${DIRECT_INSTEAD}`);
    });
    if (stack.gateway.billing === "byok") {
      w.models.forEach((m, i) => providersWithKeys.has(providerOf(m)) || add([...at, "models", i], `no provider key for ${providerOf(m)} is declared, so the gateway cannot call ${m} with billing byok`));
    }

    if (callsGateway(w.path)) {
      if (w.keys.length === 0) add([...at, "keys"], `a ${w.path} workload needs at least one gateway key`);
      if (w.routes.length + w.models.length === 0) add([...at, "routes"], `a ${w.path} workload needs at least one route or model to call`);
    } else {
      if (w.keys.length) add([...at, "keys"], "a direct workload holds no gateway keys; use path hybrid to hold both");
      if (w.routes.length + w.models.length) add([...at, w.routes.length ? "routes" : "models"], "a direct workload calls no gateway routes or models; use path hybrid to do both");
    }
    if (!readsDirectly(w.path) && w.directKeys.length) add([...at, "directKeys"], "a gateway workload holds no provider keys; use path hybrid to hold both");
    if (readsDirectly(w.path) && w.directKeys.length === 0) add([...at, "directKeys"], `a ${w.path} workload needs at least one provider key in directKeys`);

    const decision = w.decision;
    if (decision?.rollbackKey !== undefined && !malformed.has(decision.rollbackKey)) {
      const key = Object.hasOwn(stack.providerKeys, decision.rollbackKey) ? stack.providerKeys[decision.rollbackKey] : undefined;
      if (!key) add([...at, "decision", "rollbackKey"], unknownName("provider key", decision.rollbackKey, keyNames));
      else if (decision.rollbackModel !== undefined && key.provider !== providerOf(decision.rollbackModel)) {
        add([...at, "decision", "rollbackModel"], `${decision.rollbackModel} is served by ${providerOf(decision.rollbackModel)}, but rollbackKey "${decision.rollbackKey}" is for ${key.provider}`);
      }
    }

    if (w.budget) {
      const t = w.budget.alertAtPercent;
      t.forEach((p, i) => i > 0 && p <= t[i - 1] && add([...at, "budget", "alertAtPercent", i], "thresholds must be strictly ascending"));
      if (hasAwsBudget(w.path, w.directKeys.map((k) => (Object.hasOwn(stack.providerKeys, k) ? stack.providerKeys[k].provider : undefined)))) {
        checkAwsBudget(awsBudgetName(stack.environment, name), w.budget.alertAtPercent, w.alerts, stack.alerts, (path, message) => add([...at, ...path], message));
      }
    }
  }
  const amounts = spendLimitGroups(stack.workloads).map((g) => g.monthlyUsd);
  if (amounts.length > MAX_SPEND_RULES) {
    add(
      ["workloads"],
      `the workloads with budget.hardLimit on use ${amounts.length} distinct monthlyUsd amounts (${amounts.join(", ")}), but Cloudflare allows at most ${MAX_SPEND_RULES} spend-limit rules per gateway and ` +
        `workloads with the same amount share one rule: use at most ${MAX_SPEND_RULES} distinct amounts, or set budget.hardLimit: false on some (alarms still warn)`,
    );
  }

  checkLedgerSource(stack, add);
  stack.usageLedger.alerts?.forEach((a, i) => Object.hasOwn(stack.alerts, a) || add(["usageLedger", "alerts", i], unknownName("alert channel", a, alertNames)));
  for (const problem of alarmActionProblems(stack)) add(problem.path, problem.message);
  for (const problem of readerAccountProblems(stack)) add(problem.path, problem.message);

  for (const [name, channel] of Object.entries(stack.alerts)) {
    const problem = exactlyOneProblem(channel, ALERT_CHANNEL_FIELDS);
    if (problem) add(["alerts", name], problem);
  }
  return issues;
}
