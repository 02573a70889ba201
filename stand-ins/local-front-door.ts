/**
 * Smoke, locally: the front door in workerd (the same Worker bundle the FrontDoor component
 * uploads, with the stack's route and rate-limit tables written in as the component writes them:
 * stand-ins/front-door-workerd.ts) in front of the AI Gateway stand-in (stand-ins/ai-gateway.ts),
 * with one local gateway key per key the stack file declares. No credentials, no network.
 *
 *   npm run local -- dev          # prints the base URL and a smoke command per key; Ctrl-C stops it
 *
 * What it cannot show (real routing, real providers, allowedIps: every call here comes from
 * 127.0.0.1) is in docs/verification.md.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { keyTableEntry } from "../components/key-table";
import { routeGraph, routeGraphName } from "../components/route-graph";
import type { KeyTableEntry, RouteEntry } from "../runtime/front-door/key-entry";
import { formatDefect, parseStackFile } from "../stacks/load";
import { callsGateway } from "../stacks/paths";
import type { StackSpec } from "../stacks/schema";
import { startStandIn } from "./ai-gateway";
import { startFrontDoor } from "./front-door-workerd";

export interface LocalKey {
  workload: string;
  keyName: string;
  /** The local key's plaintext: made up here, valid only against this local front door. */
  key: string;
}

export interface LocalFrontDoor {
  url: string;
  keys: LocalKey[];
  close(): Promise<void>;
}

/** The plaintext of a declared key's local stand-in. */
export const localKey = (keyName: string) => `sy_local_${keyName}`;

export async function startLocalFrontDoor(spec: StackSpec): Promise<LocalFrontDoor> {
  // The route table as the AiGatewayStack component writes it (renamed routes under their former labels too).
  const routes: Record<string, RouteEntry> = {};
  for (const [label, r] of Object.entries(spec.routes)) {
    const graphs = { primary: routeGraphName(label, "primary", routeGraph(r, "primary")), ...(r.rollback ? { rollback: routeGraphName(label, "rollback", routeGraph(r, "rollback")) } : {}) };
    for (const name of [label, ...(r.renamedFrom ?? [])]) routes[name] = { graphs, active: r.active, canaryPercent: r.canary?.percent ?? 0 };
  }
  const rateLimits = Object.fromEntries(Object.entries(spec.workloads).flatMap(([label, w]) => (callsGateway(w.path) && w.rateLimit ? [[label, w.rateLimit.requestsPerMinute]] : [])));
  const keys: LocalKey[] = [];
  const table: Record<string, KeyTableEntry> = {};
  for (const [workload, w] of Object.entries(spec.workloads)) {
    for (const k of w.keys) {
      // Every local call comes from 127.0.0.1: the key's allowedIps are left out here.
      const { allowedIps: _local, ...entry } = keyTableEntry(spec.environment, workload, w, k);
      table[localKey(k.name)] = entry;
      keys.push({ workload, keyName: k.name, key: localKey(k.name) });
    }
  }
  const upstream = await startStandIn();
  try {
    const door = await startFrontDoor({ upstream: upstream.url, environment: spec.environment, routes, rateLimits, keys: table });
    return {
      url: door.url,
      keys,
      close: async () => {
        await door.close();
        await upstream.close();
      },
    };
  } catch (e) {
    await upstream.close();
    throw e;
  }
}

/** `npm run local -- <STACK|FILE>`: starts it and says how to smoke it. */
async function main(arg: string | undefined): Promise<void> {
  if (!arg) throw new Error("name a stack (dev) or a stack file: npm run local -- dev");
  const file = /\.ya?ml$/.test(arg) ? arg : join("stacks", `${arg}.yaml`);
  const loaded = parseStackFile(readFileSync(file, "utf8"), file);
  if (!loaded.ok) throw new Error(`${loaded.defects.map(formatDefect).join("\n")}\n${file} is invalid`);
  const local = await startLocalFrontDoor(loaded.spec);
  const lines = [
    `local front door for ${file}: ${local.url} (the Worker in workerd, AI Gateway stand-in behind it; no credentials)`,
    "smoke it with a workload's local key (Ctrl-C stops the front door):",
    ...local.keys.map((k) => `  SMOKE_KEY=${k.key} npx switchyard smoke ${arg} --base-url ${local.url} --key-env SMOKE_KEY   # ${k.workload}, key ${k.keyName}`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const stop = () => void local.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (require.main === module) {
  main(process.argv[2]).catch((e: unknown) => {
    process.stderr.write(`npm run local: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  });
}
