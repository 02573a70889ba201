/**
 * Runs the bundled front door (the exact module the FrontDoor component uploads) in workerd
 * through Miniflare, listening on loopback so the official SDKs can call it over HTTP.
 */
import { createHash } from "node:crypto";
import { Miniflare } from "miniflare";
import type { KeyTableEntry, RouteTable } from "../../runtime/front-door/key-entry";
import { bundleFrontDoor, FRONT_DOOR_COMPATIBILITY_DATE, FRONT_DOOR_MAIN_MODULE } from "../../runtime/front-door/bundle";

export const TEST_ACCOUNT_ID = "0123456789abcdef0123456789abcdef";
export const TEST_GATEWAY_ID = "switchyard-test";
/** A stand-in for the AI Gateway Run token: the tests prove it reaches only AI Gateway. */
export const TEST_GATEWAY_TOKEN = "cf-aig-run-token-STAND-IN-7f3a9c";

export interface FrontDoorUnderTest {
  /** Base URL of the Worker, e.g. http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  putKey(plaintext: string, entry: KeyTableEntry): Promise<void>;
  close(): Promise<void>;
}

export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

export async function startFrontDoor(options: { upstream: string; routes: RouteTable; environment?: string; keys?: Record<string, KeyTableEntry> }): Promise<FrontDoorUnderTest> {
  const mf = new Miniflare({
    modules: [{ type: "ESModule", path: FRONT_DOOR_MAIN_MODULE, contents: bundleFrontDoor() }],
    compatibilityDate: FRONT_DOOR_COMPATIBILITY_DATE,
    host: "127.0.0.1",
    port: 0,
    kvNamespaces: ["KEYS"],
    bindings: {
      GATEWAY_TOKEN: TEST_GATEWAY_TOKEN,
      ACCOUNT_ID: TEST_ACCOUNT_ID,
      GATEWAY_ID: TEST_GATEWAY_ID,
      ENVIRONMENT: options.environment ?? "test",
      ROUTES: JSON.stringify(options.routes),
      UPSTREAM: options.upstream,
    },
  });
  const ready = await mf.ready;
  const kv = await mf.getKVNamespace("KEYS");
  const putKey = async (plaintext: string, entry: KeyTableEntry) => {
    await kv.put(sha256Hex(plaintext), JSON.stringify(entry));
  };
  for (const [plaintext, entry] of Object.entries(options.keys ?? {})) await putKey(plaintext, entry);
  return { url: ready.toString().replace(/\/$/, ""), putKey, close: () => mf.dispose() };
}

/** A key table entry with defaults a test overrides field by field. */
export function entry(overrides: Partial<KeyTableEntry> = {}): KeyTableEntry {
  return { v: 1, environment: "test", workload: "checkout-assistant", keyName: "checkout-test", routes: ["chat"], models: ["openai/gpt-4.1-mini"], expiresOn: "2099-01-01", ...overrides };
}
