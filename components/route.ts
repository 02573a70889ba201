/**
 * One named model route (`dynamic/<route>`): a `cloudflare.AiGatewayDynamicRouting` for its
 * primary graph and, when it declares a rollback target, one for its rollback graph
 * (route-graph.ts). Both stay deployed; the front door maps `dynamic/<route>` to the active one,
 * so `active: rollback` changes only the front door's route table. Graph names are
 * content-addressed: a changed graph is a new route created before the old one is deleted, and
 * Pulumi deletes replaced resources at the end of the update (pulumi/pulumi#9979), after the
 * front door that names the new graph has been updated.
 */
import * as cloudflare from "../vendor/pulumi-cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { dynamicModel } from "../stacks/providers";
import { formerNames } from "./aliases";
import { COMPONENT_TYPES, type RouteArgs } from "./contract";
import { routeGraph, routeGraphName, type GraphRole } from "./route-graph";

export class Route extends pulumi.ComponentResource {
  /** What clients send as `model`. */
  readonly model: string;
  /** The deployed graphs' Cloudflare names (outputs, so whoever names them waits for them to exist). */
  readonly graphs: { primary: pulumi.Output<string>; rollback?: pulumi.Output<string> };

  constructor(name: string, args: RouteArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Route, name, args, opts);
    this.model = dynamicModel(args.route);
    const graph = (role: GraphRole): pulumi.Output<string> => {
      const elements = routeGraph(args, role);
      const resource = new cloudflare.AiGatewayDynamicRouting(
        // The primary keeps the logical name routes always had.
        role === "primary" ? `${name}-route` : `${name}-${role}-route`,
        { accountId: args.accountId, gatewayId: args.gatewayId, name: routeGraphName(args.route, role, elements), elements },
        // A new name is a new graph, created before the old one goes, whatever changed: the
        // provider would rename a graph in place (`name` is not RequiresReplace,
        // vendor/replace-on-change.ts), and the Worker still naming the old graph would then call a
        // graph that no longer exists until its new version is out. A renamed route keeps its
        // resources' identity (aliases); its graph names hold the label, so they are replaced too.
        { parent: this, replaceOnChanges: ["name"], ...formerNames(args.renamedFrom, (old) => (role === "primary" ? `${old}-route` : `${old}-${role}-route`)) },
      );
      return resource.name;
    };
    this.graphs = { primary: graph("primary"), ...(args.rollback ? { rollback: graph("rollback") } : {}) };
    this.registerOutputs({ model: this.model, graphs: this.graphs });
  }
}
