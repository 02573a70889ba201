/**
 * The Switchyard CrossGuard pack: `pulumi preview --policy-pack ./policies
 * --policy-pack-config ./policies/config/<env>.json`. Only builds the PolicyPack: building one
 * starts the analyzer's gRPC server (and reads ./package.json for the version), so nothing else
 * may import this file.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_DESCRIPTION, PACK_ENFORCEMENT_LEVEL, PACK_NAME } from "./pack";
import { allPolicies } from "./registry";

new PolicyPack(PACK_NAME, {
  description: PACK_DESCRIPTION,
  enforcementLevel: PACK_ENFORCEMENT_LEVEL,
  policies: [...allPolicies],
});
