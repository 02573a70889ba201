/**
 * Runs the bundled front door (the exact module the FrontDoor component uploads) in workerd
 * through Miniflare, with the route, rate-limit and live-key tables written into it as the
 * component writes them, listening on loopback so the official SDKs can call it over HTTP. Issuing
 * and revoking a key go in `pulumi up`'s order: a new Worker version (Miniflare's setOptions, which
 * keeps the port and the KV data) after the entry is written, before it is deleted.
 * Rate limits use Miniflare's rate-limiting bindings, configured from the component's own
 * binding list.
 */
import { createHash } from "node:crypto";
import { Miniflare } from "miniflare";
import { rateLimitBindings } from "../components/front-door";
import type { KeyTableEntry, RateLimitTable, RouteEntry, RouteTable } from "../runtime/front-door/key-entry";
import { bundleFrontDoor, FRONT_DOOR_COMPATIBILITY_DATE, FRONT_DOOR_MAIN_MODULE } from "../runtime/front-door/bundle";
import { liveKeyTable, type WrittenKey } from "../runtime/front-door/live-keys";
import { frontDoorScript } from "../runtime/front-door/script";

export const TEST_ACCOUNT_ID = "0123456789abcdef0123456789abcdef";
export const TEST_GATEWAY_ID = "switchyard-test";
/** A stand-in for the AI Gateway Run token: the tests prove it reaches only AI Gateway. */
export const TEST_GATEWAY_TOKEN = "cf-aig-run-token-STAND-IN-7f3a9c";
/** A stand-in for the key of batch object id marks (the FrontDoor component's random bytes). */
export const TEST_OBJECT_ID_KEY = "object-id-key-STAND-IN-52be01";

export interface FrontDoorUnderTest {
  /** Base URL of the Worker, e.g. http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  /** Issues a key as `pulumi up` does: writes its entry, then deploys a Worker version that admits it. */
  putKey(plaintext: string, entry: KeyTableEntry): Promise<void>;
  /**
   * Revokes a key as `pulumi up` does: deploys a Worker version that no longer admits it, then
   * deletes its entry, unless `keepEntry` (a KV location that has not seen the deletion yet).
   * Resolves when the new version serves every request (setOptions resolved).
   */
  revokeKey(plaintext: string, options?: { keepEntry?: boolean }): Promise<void>;
  /** Writes a key's entry in KV only, the Worker version unchanged: what a KV location serves while an edit propagates. */
  writeEntry(plaintext: string, entry: KeyTableEntry): Promise<void>;
  close(): Promise<void>;
}

export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The Cloudflare name the tests give a route's graph. */
export const testGraph = (route: string, role: "primary" | "rollback"): string => `${route}-${role}-test`;

/** A route table entry with test graph names; a test sets what it needs. */
export function routeTable(routes: Record<string, Partial<RouteEntry>>): RouteTable {
  return Object.fromEntries(Object.entries(routes).map(([label, r]) => [label, { graphs: { primary: testGraph(label, "primary") }, active: "primary", canaryPercent: 0, ...r }]));
}

/**
 * Miniflare's options for serving a Worker on a socket of its own (unsafeDirectSockets), without
 * the entry Worker Miniflare otherwise puts in front of it (Cloudflare's edge has none).
 */
export const directSocketOptions = (direct: boolean) => (direct ? { unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] } : {});

/** Where a Miniflare instance serves its Worker (no trailing slash): its own socket, or the entry Worker's. */
export async function servedUrl(mf: Miniflare, direct: boolean): Promise<string> {
  const ready = await mf.ready;
  return (direct ? await mf.unsafeGetDirectURL() : ready).toString().replace(/\/$/, "");
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
  /**
   * Serve the Worker on a socket of its own (Miniflare's unsafeDirectSockets), without Miniflare's
   * entry Worker in front: a request reaches the front door as on Cloudflare's edge, where no such
   * Worker is (the benches; no CF-Connecting-IP is added).
   */
  directSocket?: boolean;
}

export async function startFrontDoor(options: FrontDoorOptions): Promise<FrontDoorUnderTest> {
  const environment = options.environment ?? "test";
  const rateLimits = options.rateLimits ?? {};
  /** The keys as the program wrote them: the live set of the next version deployed. */
  const written = new Map<string, WrittenKey>(Object.entries(options.keys ?? {}).map(([plaintext, e]) => [plaintext, writtenKey(plaintext, e)]));
  const miniflareOptions = async () => ({
    host: "127.0.0.1",
    port: 0,
    ...(options.inspectorPort !== undefined ? { inspectorPort: options.inspectorPort } : {}),
    ...(options.https ? { https: true } : {}),
    ...directSocketOptions(options.directSocket === true),
    modules: [{ type: "ESModule" as const, path: FRONT_DOOR_MAIN_MODULE, contents: await frontDoorModule(options, rateLimits, [...written.values()]) }],
    compatibilityDate: FRONT_DOOR_COMPATIBILITY_DATE,
    kvNamespaces: ["KEYS"],
    ratelimits: Object.fromEntries(rateLimitBindings(environment, rateLimits).map((b) => [b.name, { namespace_id: b.namespaceId, simple: { limit: b.simple.limit, period: b.simple.period as 60 } }])),
    bindings: {
      GATEWAY_TOKEN: TEST_GATEWAY_TOKEN,
      OBJECT_ID_KEY: TEST_OBJECT_ID_KEY,
      ACCOUNT_ID: TEST_ACCOUNT_ID,
      GATEWAY_ID: TEST_GATEWAY_ID,
      ENVIRONMENT: environment,
      UPSTREAM: options.upstream,
    },
  });
  const mf = new Miniflare(await miniflareOptions());
  const url = await servedUrl(mf, options.directSocket === true);
  // A fresh stub each time: setOptions poisons the ones made before it.
  const kv = () => mf.getKVNamespace("KEYS");
  for (const key of written.values()) await (await kv()).put(key.digest, key.entry);
  const deploy = async () => {
    await mf.setOptions(await miniflareOptions());
  };
  return {
    url,
    async putKey(plaintext, entry) {
      const key = writtenKey(plaintext, entry);
      await (await kv()).put(key.digest, key.entry);
      written.set(plaintext, key);
      await deploy();
    },
    async revokeKey(plaintext, { keepEntry = false } = {}) {
      written.delete(plaintext);
      await deploy();
      if (!keepEntry) await (await kv()).delete(sha256Hex(plaintext));
    },
    async writeEntry(plaintext, entry) {
      const key = writtenKey(plaintext, entry);
      await (await kv()).put(key.digest, key.entry);
    },
    close: () => mf.dispose(),
  };
}

/** A key's KV name and entry text, exactly as the Workload component writes them. */
const writtenKey = (plaintext: string, entry: KeyTableEntry): WrittenKey => ({ digest: sha256Hex(plaintext), entry: JSON.stringify(entry) });

/** The module the component would upload for these tables and keys. */
async function frontDoorModule(options: FrontDoorOptions, rateLimits: RateLimitTable, keys: WrittenKey[]): Promise<string> {
  return options.module ?? frontDoorScript({ routes: routeTable(options.routes), rateLimits, keys: await liveKeyTable(keys) }, options.script ?? bundleFrontDoor());
}

/** A key table entry with defaults a test overrides field by field. */
export function entry(overrides: Partial<KeyTableEntry> = {}): KeyTableEntry {
  return { v: 1, environment: "test", workload: "checkout-assistant", keyName: "checkout-test", routes: ["chat"], models: ["openai/gpt-4.1-mini"], expiresOn: "2099-01-01", ...overrides };
}
