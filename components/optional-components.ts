/**
 * TEMPORARY hook: FrontDoor (components/front-door.ts) and UsageLedger (components/usage-ledger.ts)
 * are written in parallel by other work. Until both files exist, AiGatewayStack loads them here
 * against their agreed signatures, and skips them while they are absent. Replace with static
 * imports once both files are committed.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RouteTable } from "../runtime/front-door/key-entry";

export interface FrontDoorArgs {
  accountId: string;
  zoneId: string;
  hostname: string;
  environment: string;
  gatewayId: pulumi.Input<string>;
  keyTableNamespaceId: pulumi.Input<string>;
  routes: RouteTable;
  protect: boolean;
}
export type FrontDoorConstructor = new (name: string, args: FrontDoorArgs, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource & {
  url: pulumi.Output<string>;
};

export interface UsageLedgerArgs {
  environment: string;
  accountId: string;
  gatewayId: pulumi.Input<string>;
  exportEveryMinutes: number;
  retentionDays: number;
  kmsKeyArn: pulumi.Input<string>;
  alarmTopicArn: pulumi.Input<string>;
  protect: boolean;
}
export type UsageLedgerConstructor = new (name: string, args: UsageLedgerArgs, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;

function load<T>(file: string, exported: string): T | undefined {
  let module: Record<string, unknown>;
  try {
    module = require(file) as Record<string, unknown>;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === "MODULE_NOT_FOUND" && e.message.includes(file.slice(2))) return undefined;
    throw error;
  }
  if (typeof module[exported] !== "function") throw new Error(`components/${file.slice(2)} does not export class ${exported}`);
  return module[exported] as T;
}

export const frontDoorComponent = () => load<FrontDoorConstructor>("./front-door", "FrontDoor");
export const usageLedgerComponent = () => load<UsageLedgerConstructor>("./usage-ledger", "UsageLedger");
