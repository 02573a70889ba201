/**
 * One named model route (`dynamic/<route>`): a `cloudflare.AiGatewayDynamicRouting` whose element
 * graph comes from route-graph.ts. Any change to the graph replaces the route at Cloudflare, so
 * rollback lives in the stack file (`active: rollback`), not in Cloudflare's route versions.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES, type RouteArgs } from "./contract";
import { routeGraph } from "./route-graph";

export class Route extends pulumi.ComponentResource {
  /** What clients send as `model`. */
  readonly model: string;
  readonly routeId: pulumi.Output<string>;

  constructor(name: string, args: RouteArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Route, name, args, opts);
    this.model = `dynamic/${args.route}`;
    const route = new cloudflare.AiGatewayDynamicRouting(
      `${name}-route`,
      { accountId: args.accountId, gatewayId: args.gatewayId, name: args.route, elements: routeGraph(args) },
      // A changed graph is a new route with the same name: remove the old one first.
      { parent: this, deleteBeforeReplace: true },
    );
    this.routeId = route.id;
    this.registerOutputs({ model: this.model, routeId: this.routeId });
  }
}
