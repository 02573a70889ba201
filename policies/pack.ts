/**
 * The pack's identity, as `new PolicyPack` declares it (policies/index.ts) and as the offline
 * engine serves it: name, description, default level, and the version from policies/package.json
 * (where @pulumi/policy itself reads it when the CLI starts the pack).
 */
import type { EnforcementLevel } from "@pulumi/policy";

export const PACK_NAME = "switchyard";
// require, not import: the CLI's ts-node compiles the pack without resolveJsonModule.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PACK_VERSION: string = (require("./package.json") as { version: string }).version;
export const PACK_DESCRIPTION = "Switchyard: key scoping, rollback settings, secret hygiene, budgets and decision records for an AI API gateway.";
/** Every policy names its own level; this applies only to a policy that would not. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";
