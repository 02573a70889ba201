/**
 * The Switchyard CrossGuard pack: `pulumi preview --policy-pack ./policies
 * --policy-pack-config ./policies/config/<env>.json`. Only builds the PolicyPack: building one
 * starts the analyzer's gRPC server, so nothing else may import this file.
 */
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./registry";

new PolicyPack("switchyard", {
  description: "Switchyard: key scoping, rollback settings, secret hygiene, budgets and decision records for an AI API gateway.",
  enforcementLevel: "mandatory",
  policies: [...allPolicies],
});
