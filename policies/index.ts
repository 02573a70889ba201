/**
 * The Switchyard CrossGuard pack: `pulumi preview --policy-pack ./policies
 * --policy-pack-config ./policies/config/<env>.json`. Only builds the PolicyPack: building one
 * starts the analyzer's gRPC server (and reads ./package.json for the version), so nothing else
 * may import this file.
 */
import { createRequire } from "node:module";
import { PolicyPack } from "@pulumi/policy";
import { PACK_DESCRIPTION, PACK_ENFORCEMENT_LEVEL, PACK_NAME } from "./pack";
import { allPolicies } from "./registry";
import { guardConfigure } from "./support/requested-config";

// The analyzer's Configure handler is wrapped as it is registered (policies/support/requested-config.ts
// says why): @pulumi/policy's serve() hands gRPC its handlers in one addService call
// (pulumi/pulumi-policy sdk/nodejs/policy/server.ts), with the gRPC module it depends on.
interface GrpcServerClass {
  prototype: { addService(service: unknown, implementation: Record<string, unknown>): void };
}
const { Server } = createRequire(require.resolve("@pulumi/policy/server"))("@grpc/grpc-js") as { Server: GrpcServerClass };
const addService = Server.prototype.addService;
Server.prototype.addService = function (this: unknown, service: unknown, implementation: Record<string, unknown>) {
  const configure = implementation.configure as Parameters<typeof guardConfigure>[0];
  return addService.call(this, service, { ...implementation, configure: guardConfigure(configure) });
};
try {
  new PolicyPack(PACK_NAME, {
    description: PACK_DESCRIPTION,
    enforcementLevel: PACK_ENFORCEMENT_LEVEL,
    policies: [...allPolicies],
  });
} finally {
  Server.prototype.addService = addService;
}
