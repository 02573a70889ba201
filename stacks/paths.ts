/**
 * What a workload's `path` means, asked by these two questions rather than by name: gateway and
 * hybrid workloads call through the gateway (gateway keys, routes, models, spend-limit rules, rate
 * limits); direct and hybrid workloads read provider keys themselves (directKeys, read grants, an
 * AWS budget on Bedrock spend).
 */
import type { WorkloadSpec } from "./schema";

type Path = WorkloadSpec["path"];

export function callsGateway(path: Path | undefined): boolean {
  return path === "gateway" || path === "hybrid";
}

export function readsDirectly(path: Path | undefined): boolean {
  return path === "direct" || path === "hybrid";
}
