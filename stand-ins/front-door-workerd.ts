/**
 * Runs the bundled front door (the exact module the FrontDoor component uploads) in workerd
 * through Miniflare, with the route and rate-limit tables written into it as the component writes
 * them, listening on loopback so the official SDKs can call it over HTTP.
 * Rate limits use Miniflare's rate-limiting bindings, configured from the component's own
 * binding list.
 */
import { createHash } from "node:crypto";
import { Miniflare } from "miniflare";
import { rateLimitBindings } from "../components/front-door";
import type { KeyTableEntry, RateLimitTable, RouteEntry, RouteTable } from "../runtime/front-door/key-entry";
import { bundleFrontDoor, FRONT_DOOR_COMPATIBILITY_DATE, FRONT_DOOR_MAIN_MODULE } from "../runtime/front-door/bundle";
import { frontDoorScript } from "../runtime/front-door/script";

export const TEST_ACCOUNT_ID = "0123456789abcdef0123456789abcdef";
export const TEST_GATEWAY_ID = "switchyard-test";
/** A stand-in for the AI Gateway Run token: the tests prove it reaches only AI Gateway. */
export const TEST_GATEWAY_TOKEN = "cf-aig-run-token-STAND-IN-7f3a9c";

export interface FrontDoorUnderTest {
  /** Base URL of the Worker, e.g. http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  putKey(plaintext: string, entry: KeyTableEntry): Promise<void>;
  /** Removes the key's entry, as `pulumi up` does when a key is revoked. */
  deleteKey(plaintext: string): Promise<void>;
  close(): Promise<void>;
}

export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The Cloudflare name the tests give a route's graph. */
export const testGraph = (route: string, role: "primary" | "rollback"): string => `${route}-${role}-test`;

/** A route table entry with test graph names; a test sets what it needs. */
export function routeTable(routes: Record<string, Partial<RouteEntry>>): RouteTable {
  return Object.fromEntries(Object.entries(routes).map(([label, r]) => [label, { graphs: { primary: testGraph(label, "primary") }, active: "primary", canaryPercent: 0, ...r }]));
}

export interface FrontDoorOptions {
  upstream: string;
  routes: Record<string, Partial<RouteEntry>>;
  environment?: string;
  keys?: Record<string, KeyTableEntry>;
  rateLimits?: RateLimitTable;
  /** The whole module as uploaded (a WorkersScript's content, or a broken one); default: the bundle with the tables above. */
  module?: string;
  /** The Worker's bundle; default the deployed one (bench/front-door-stages.bench.ts runs cut-short copies). */
  script?: string;
  /** Opens workerd's inspector (Chrome DevTools Protocol) on this port (bench/front-door-profile.ts). */
  inspectorPort?: number;
  /** Serve HTTPS with Miniflare's self-signed certificate (the OpenAI SDK opens Realtime only as wss:). */
  https?: boolean;
}

export async function startFrontDoor(options: FrontDoorOptions): Promise<FrontDoorUnderTest> {
  const environment = options.environment ?? "test";
  const rateLimits = options.rateLimits ?? {};
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    ...(options.inspectorPort !== undefined ? { inspectorPort: options.inspectorPort } : {}),
    ...(options.https ? { https: true } : {}),
    modules: [{ type: "ESModule", path: FRONT_DOOR_MAIN_MODULE, contents: frontDoorModule(options, rateLimits) }],
    compatibilityDate: FRONT_DOOR_COMPATIBILITY_DATE,
    kvNamespaces: ["KEYS"],
    ratelimits: Object.fromEntries(rateLimitBindings(environment, rateLimits).map((b) => [b.name, { namespace_id: b.namespaceId, simple: { limit: b.simple.limit, period: b.simple.period as 60 } }])),
    bindings: {
      GATEWAY_TOKEN: TEST_GATEWAY_TOKEN,
      ACCOUNT_ID: TEST_ACCOUNT_ID,
      GATEWAY_ID: TEST_GATEWAY_ID,
      ENVIRONMENT: environment,
      UPSTREAM: options.upstream,
    },
  });
  const ready = await mf.ready;
  const kv = await mf.getKVNamespace("KEYS");
  const putKey = async (plaintext: string, entry: KeyTableEntry) => {
    await kv.put(sha256Hex(plaintext), JSON.stringify(entry));
  };
  for (const [plaintext, entry] of Object.entries(options.keys ?? {})) await putKey(plaintext, entry);
  const deleteKey = (plaintext: string) => kv.delete(sha256Hex(plaintext));
  return { url: ready.toString().replace(/\/$/, ""), putKey, deleteKey, close: () => mf.dispose() };
}

/** The module the component would upload for these tables. */
function frontDoorModule(options: FrontDoorOptions, rateLimits: RateLimitTable): string {
  return options.module ?? frontDoorScript({ routes: routeTable(options.routes), rateLimits }, options.script ?? bundleFrontDoor());
}

/** A key table entry with defaults a test overrides field by field. */
export function entry(overrides: Partial<KeyTableEntry> = {}): KeyTableEntry {
  return { v: 1, environment: "test", workload: "checkout-assistant", keyName: "checkout-test", routes: ["chat"], models: ["openai/gpt-4.1-mini"], expiresOn: "2099-01-01", ...overrides };
}
