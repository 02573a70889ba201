/**
 * Gateway keys in the front door's key table: the KV key is the hex SHA-256 of the plaintext and
 * the value is the key's scope. The plaintext itself is never written here.
 */
import { createHash } from "node:crypto";
import type { KeyTableEntry } from "../runtime/front-door/key-entry";
import { dynamicModel } from "../stacks/providers";
import type { GatewayKeySpec, WorkloadSpec } from "../stacks/schema";

/** Lowercase hex SHA-256, the KV key under which the front door finds a presented key. */
export function keyDigest(plaintext: string): string {
  return createHash("sha256").update(plaintext, "utf8").digest("hex");
}

export function keyTableEntry(environment: string, workloadName: string, workload: Pick<WorkloadSpec, "routes" | "models">, key: GatewayKeySpec): KeyTableEntry {
  return {
    v: 1,
    environment,
    workload: workloadName,
    keyName: key.name,
    routes: workload.routes.map(dynamicModel),
    models: [...workload.models],
    expiresOn: key.expiresOn,
    // Absent when the key names none: the entry then means every family, as entries written before families did.
    ...(key.families ? { families: [...key.families] } : {}),
    ...(key.allowedIps ? { allowedIps: [...key.allowedIps] } : {}),
  };
}
