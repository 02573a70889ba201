/**
 * The Pulumi program for one stack file: builds the AiGatewayStack and returns the stack outputs.
 * index.ts runs it for `pulumi up`; engine/capture.ts runs it under the mock engine.
 * Outputs are URLs, names and ARNs only: never a secret value.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { StackSpec } from "../stacks/schema";
import { AiGatewayStack } from "./ai-gateway-stack";

export interface StackOutputs {
  /** The one base URL applications call. */
  baseUrl: pulumi.Output<string>;
  /** Route label -> the `model` clients send (`dynamic/<route>`). */
  routes: Record<string, string>;
  /** Workload label -> ARN of the Secrets Manager secret holding its gateway keys. */
  keySecretArns: Record<string, pulumi.Output<string>>;
  /** The AI Gateway id. */
  gatewayId: pulumi.Output<string>;
}

export function buildStack(spec: StackSpec, options: { now?: Date } = {}): StackOutputs {
  const stack = new AiGatewayStack(spec.environment, { spec, ...(options.now ? { now: options.now } : {}) });
  return { baseUrl: stack.baseUrl, routes: stack.routeModels, keySecretArns: stack.keySecretArns, gatewayId: stack.gatewayId };
}
