/**
 * The Pulumi program: the stack file named after the Pulumi stack, built into one AiGatewayStack.
 * Exports the base URL, route models and each workload's key-secret ARN: never a secret value.
 */
import * as pulumi from "@pulumi/pulumi";
import { buildStack } from "./components/program";
import { loadStackFile } from "./stacks/load";

const outputs = buildStack(loadStackFile(`stacks/${pulumi.getStack()}.yaml`));

export const baseUrl = outputs.baseUrl;
export const routes = outputs.routes;
export const keySecretArns = outputs.keySecretArns;
export const gatewayId = outputs.gatewayId;
