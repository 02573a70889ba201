/**
 * The front door: the Worker every application calls with its own workload key (bundled from
 * runtime/front-door), its custom domain on the zone, and the one AI Gateway Run token, held only
 * in the Worker's secret binding and rotated by the program. The route table (which graph of each
 * route is active), the workload -> rate-limit table and the live gateway keys are written into
 * the Worker's script (runtime/front-door/script.ts: no 5 KB binding cap as they grow; a revoked
 * key is one new Worker version: runtime/front-door/live-keys.ts); its bindings carry one
 * rate-limiting binding per distinct `requestsPerMinute`.
 */
import { createHash } from "node:crypto";
import * as cloudflare from "../vendor/pulumi-cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { FRONT_DOOR_COMPATIBILITY_DATE, FRONT_DOOR_MAIN_MODULE } from "../runtime/front-door/bundle";
import { KEY_FAILURES_BINDING, KEY_FAILURES_PER_MINUTE, RATE_LIMIT_PERIOD_SECONDS, rateLimitBindingName, type RateLimitTable, type RouteEntry } from "../runtime/front-door/key-entry";
import { liveKeyTable, type WrittenKey } from "../runtime/front-door/live-keys";
import { frontDoorScript } from "../runtime/front-door/script";
import { FORMATS, formatProblem } from "../stacks/formats";
import { AI_GATEWAY_RUN_PERMISSION_GROUP, oneAccountResources } from "../vendor/cloudflare";
import { COMPONENT_TYPES, FRONT_DOOR_TOKEN_MAX_LIFETIME_DAYS } from "./contract";
import { permissionGroupId, permissionGroupIdOutput } from "./permission-groups";

/** Default days between token rotations; the token expires two periods after its period starts. */
export const DEFAULT_TOKEN_ROTATION_DAYS = 30;
/** Longest rotation period: expiry (two periods) stays within the token lifetime the policy allows. */
export const MAX_TOKEN_ROTATION_DAYS = FRONT_DOOR_TOKEN_MAX_LIFETIME_DAYS / 2;

/** A route table entry whose graph names may still be outputs. */
export interface FrontDoorRoute extends Omit<RouteEntry, "graphs"> {
  graphs: { primary: pulumi.Input<string>; rollback?: pulumi.Input<string> };
}

export interface FrontDoorArgs {
  /** Cloudflare account id (stack file `cloudflare.accountId`). */
  accountId: string;
  /** Zone holding `hostname` (stack file `cloudflare.zoneId`). */
  zoneId: string;
  /** The one hostname applications call, e.g. ai.acme.example; the base URL is https://<hostname>. */
  hostname: string;
  /** Environment name (stack file `environment`): in the Worker's name and in every request's metadata. */
  environment: string;
  /** AI Gateway id the Worker forwards to. */
  gatewayId: pulumi.Input<string>;
  /** Workers KV namespace id of the key table the Workload components write. */
  keyTableNamespaceId: pulumi.Input<string>;
  /**
   * Per route label: its graphs' Cloudflare names (outputs of the routes, so the Worker is updated
   * only once they exist), which one is active, and the canary percent (0-100). Written into the script.
   */
  routes: Record<string, FrontDoorRoute>;
  /** Requests per minute per gateway key, by workload label (workloads with rateLimit); written into the script. */
  rateLimits: RateLimitTable;
  /**
   * Every gateway key's key-table entry as written (Workload.writtenKeys): their digests and entry
   * versions are the script's live set. Outputs of the KV entries, so a new or edited entry is
   * written before the script that admits it; a removed key's entry is deleted after (Pulumi
   * deletes at the end of the update), once the script no longer admits it.
   */
  keys: pulumi.Input<WrittenKey>[];
  /** Protect the Worker and its domain from deletion (prod). The token is never protected: rotation replaces it. */
  protect: boolean;
  /** Days between token rotations, 1-45 (default 30). Deploy at least this often or the token lapses. */
  tokenRotationDays?: number;
  /** The clock for the rotation period (tests and the offline plan pin it; default: now). */
  now?: Date;
}

/** Problems with the args, as messages naming the field; empty when the args are usable. */
export function validateFrontDoorArgs(args: FrontDoorArgs): string[] {
  const problems = [
    formatProblem("accountId", args.accountId, FORMATS.cloudflareId),
    formatProblem("zoneId", args.zoneId, FORMATS.cloudflareId),
    formatProblem("hostname", args.hostname, FORMATS.hostname),
    formatProblem("environment", args.environment, FORMATS.environment),
  ].filter((p) => p !== undefined);
  for (const [route, settings] of Object.entries(args.routes)) {
    const p = settings.canaryPercent;
    if (!Number.isFinite(p) || p < 0 || p > 100) problems.push(`routes.${route}.canaryPercent ${p} is outside 0-100`);
    if (settings.active === "rollback" && settings.graphs.rollback === undefined) problems.push(`routes.${route} is active: rollback but has no rollback graph`);
  }
  for (const [workload, perMinute] of Object.entries(args.rateLimits)) {
    if (!Number.isInteger(perMinute) || perMinute < 1) problems.push(`rateLimits.${workload} ${perMinute} is not a whole number of requests per minute`);
  }
  const days = args.tokenRotationDays ?? DEFAULT_TOKEN_ROTATION_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_ROTATION_DAYS) problems.push(`tokenRotationDays ${days} must be an integer from 1 to ${MAX_TOKEN_ROTATION_DAYS}`);
  return problems;
}

export interface TokenRotation {
  /** First day (UTC) of the rotation period `now` falls in, YYYY-MM-DD. */
  periodStart: string;
  /** Two periods after periodStart, RFC 3339: between one and two periods from `now`. */
  expiresOn: string;
}

const DAY_MS = 86_400_000;

/**
 * The rotation period `now` falls in. Periods are counted from 1970-01-01 UTC, so every deploy
 * inside a period computes the same token name and expiry (no churn), and the first deploy in a
 * new period makes a new token while the previous one still has a full period to live.
 */
export function tokenRotation(now: Date, everyDays: number): TokenRotation {
  const period = Math.floor(now.getTime() / DAY_MS / everyDays);
  const start = period * everyDays * DAY_MS;
  return {
    periodStart: new Date(start).toISOString().slice(0, 10),
    expiresOn: new Date(start + 2 * everyDays * DAY_MS).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

export { permissionGroupId };

export const frontDoorWorkerName = (environment: string): string => `switchyard-front-door-${environment}`;

/**
 * The rate-limiting namespace of one limit in one environment: a positive integer unique in the
 * account (workers/runtime-apis/bindings/rate-limit/: bindings sharing a namespace_id share
 * counters, even across Workers), derived from environment and limit so it never changes.
 */
export function rateLimitNamespaceId(environment: string, requestsPerMinute: number): string {
  return namespaceIdOf(`switchyard:${environment}:requests-per-minute:${requestsPerMinute}`);
}

/** The namespace counting failed key attempts per client address in one environment. */
export function keyFailuresNamespaceId(environment: string): string {
  return namespaceIdOf(`switchyard:${environment}:key-failures-per-address`);
}

function namespaceIdOf(label: string): string {
  const digest = createHash("sha256").update(label).digest();
  return String((digest.readUInt32BE(0) % 2_000_000_000) + 1);
}

/** A Workers rate-limiting binding (`cloudflare.WorkersScript` binding of type ratelimit). */
export interface RateLimitBinding {
  type: "ratelimit";
  name: string;
  namespaceId: string;
  simple: { limit: number; period: number };
}

/** One rate-limiting binding per distinct limit, counting per minute, then the one counting failed key attempts. */
export function rateLimitBindings(environment: string, limits: RateLimitTable): RateLimitBinding[] {
  return [
    ...[...new Set(Object.values(limits))]
      .sort((a, b) => a - b)
      .map((perMinute): RateLimitBinding => ({ type: "ratelimit", name: rateLimitBindingName(perMinute), namespaceId: rateLimitNamespaceId(environment, perMinute), simple: { limit: perMinute, period: RATE_LIMIT_PERIOD_SECONDS } })),
    { type: "ratelimit", name: KEY_FAILURES_BINDING, namespaceId: keyFailuresNamespaceId(environment), simple: { limit: KEY_FAILURES_PER_MINUTE, period: RATE_LIMIT_PERIOD_SECONDS } },
  ];
}

export class FrontDoor extends pulumi.ComponentResource {
  /** https://<hostname>: the base URL applications call. */
  readonly url: pulumi.Output<string>;
  /** The Worker script's name. */
  readonly workerName: pulumi.Output<string>;

  constructor(name: string, args: FrontDoorArgs, opts?: pulumi.ComponentResourceOptions) {
    const problems = validateFrontDoorArgs(args);
    if (problems.length) throw new Error(`FrontDoor "${name}": ${problems.join("; ")}`);
    const rotationDays = args.tokenRotationDays ?? DEFAULT_TOKEN_ROTATION_DAYS;
    const rotation = tokenRotation(args.now ?? new Date(), rotationDays);
    // What policies see on the component itself (no secrets here: the token lives on its own resource).
    super(
      COMPONENT_TYPES.FrontDoor,
      name,
      {
        accountId: args.accountId,
        zoneId: args.zoneId,
        hostname: args.hostname,
        environment: args.environment,
        gatewayId: args.gatewayId,
        keyTableNamespaceId: args.keyTableNamespaceId,
        routes: args.routes,
        rateLimits: args.rateLimits,
        protect: args.protect,
        tokenRotationDays: rotationDays,
        tokenPeriodStart: rotation.periodStart,
      },
      opts,
    );

    const token = new cloudflare.AccountToken(
      `${name}-gateway-token`,
      {
        accountId: args.accountId,
        name: `switchyard-front-door-${args.environment}-${rotation.periodStart}`,
        policies: [
          {
            effect: "allow",
            permissionGroups: [{ id: permissionGroupIdOutput(args.accountId, AI_GATEWAY_RUN_PERMISSION_GROUP, { parent: this }) }],
            resources: oneAccountResources(args.accountId),
          },
        ],
        expiresOn: rotation.expiresOn,
      },
      // A new period's name and expiry make a new token (created before the old one is deleted),
      // rather than renaming and extending the old one in place.
      { parent: this, replaceOnChanges: ["name", "expiresOn"] },
    );

    // The key of the marks that tie batch object ids to their workload (runtime/front-door/object-ids.ts).
    // Made once, never rotated: replacing it would orphan every batch and file id handed out, so it is protected like the Worker.
    const objectIdKey = new random.RandomBytes(`${name}-object-id-key`, { length: 32 }, { parent: this, protect: args.protect });

    const workerName = frontDoorWorkerName(args.environment);
    const script = new cloudflare.WorkersScript(
      `${name}-worker`,
      {
        accountId: args.accountId,
        scriptName: workerName,
        // A new table is a new script, so a route flip or a key issued, edited or revoked is one new Worker version.
        content: pulumi
          .all([pulumi.output(args.routes), pulumi.all(args.keys)])
          .apply(async ([routes, keys]) => frontDoorScript({ routes, rateLimits: args.rateLimits, keys: await liveKeyTable(keys) })),
        mainModule: FRONT_DOOR_MAIN_MODULE,
        compatibilityDate: FRONT_DOOR_COMPATIBILITY_DATE,
        bindings: [
          { type: "kv_namespace", name: "KEYS", namespaceId: args.keyTableNamespaceId },
          { type: "secret_text", name: "GATEWAY_TOKEN", text: pulumi.secret(token.value) },
          { type: "secret_text", name: "OBJECT_ID_KEY", text: pulumi.secret(objectIdKey.hex) },
          { type: "plain_text", name: "ACCOUNT_ID", text: args.accountId },
          { type: "plain_text", name: "GATEWAY_ID", text: args.gatewayId },
          { type: "plain_text", name: "ENVIRONMENT", text: args.environment },
          ...rateLimitBindings(args.environment, args.rateLimits),
        ],
        // Invocation logs would record request URLs, and Gemini clients may put their key in ?key=.
        observability: { enabled: false },
        logpush: false,
      },
      { parent: this, protect: args.protect },
    );

    new cloudflare.WorkersCustomDomain(
      `${name}-domain`,
      { accountId: args.accountId, zoneId: args.zoneId, hostname: args.hostname, service: script.scriptName },
      { parent: this, protect: args.protect },
    );

    this.url = pulumi.output(`https://${args.hostname}`);
    this.workerName = script.scriptName;
    this.registerOutputs({ url: this.url, workerName: this.workerName });
  }
}
