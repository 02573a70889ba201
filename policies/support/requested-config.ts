/**
 * What the environment's policy config asked of every policy, as the engine sent it in Configure,
 * for switchyard-policy-floor. @pulumi/policy gives a policy only its own settings (getConfig,
 * pulumi/pulumi-policy sdk/nodejs/policy/server.ts makeGetConfigFun), and a policy the config sets
 * to `disabled` never runs (server.ts, the analyze and analyzeStack loops skip it): a config of
 * `{ "all": "disabled" }` would switch the floor off with everything else. So the pack's Configure
 * handler is wrapped: it records every policy's requested level and settings, and holds the floor
 * policy itself at mandatory, before the analyzer's own handler stores the config as usual.
 * policies/index.ts wraps the handler the CLI talks to, engine/analyzer.ts the one the offline plan
 * calls. The engine configures a local pack before any analysis, config file or not, with every
 * policy's reconciled level (pulumi/pulumi pkg/engine/update.go, installAndLoadPolicyPlugins).
 */
import type { EnforcementLevel } from "@pulumi/policy";

export const FLOOR_POLICY = "switchyard-policy-floor";

export interface RequestedConfig {
  enforcementLevel: EnforcementLevel;
  settings: Record<string, unknown>;
}

/** The last Configure's request, by policy; undefined until the engine configures the pack (then each policy runs at its own level). */
let requested: ReadonlyMap<string, RequestedConfig> | undefined;

export function requestedConfig(): ReadonlyMap<string, RequestedConfig> | undefined {
  return requested;
}

interface PolicyConfigMessage {
  getEnforcementlevel(): number;
  setEnforcementlevel(level: number): unknown;
  getProperties(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface ConfigureCall {
  request: { getPolicyconfigMap(): { entries(): { next(): IteratorResult<[string, PolicyConfigMessage]> } | Iterable<[string, PolicyConfigMessage]> } };
}
type Handler = (call: ConfigureCall, callback: (...args: unknown[]) => void) => unknown;

// @pulumi/policy's own conversion between the wire enum and level names (pinned 1.21).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { convertEnforcementLevel, mapEnforcementLevel } = require("@pulumi/policy/protoutil") as {
  convertEnforcementLevel(level: number): EnforcementLevel;
  mapEnforcementLevel(level: EnforcementLevel): number;
};

/** The analyzer's Configure handler, recording the request and keeping the floor policy on. */
export function guardConfigure(configure: Handler): Handler {
  return (call, callback) => {
    const seen = new Map<string, RequestedConfig>();
    // jspb's Map.entries() is an iterator object; spread it through a loop it supports.
    const entries = call.request.getPolicyconfigMap().entries() as { next(): IteratorResult<[string, PolicyConfigMessage]> };
    for (let e = entries.next(); !e.done; e = entries.next()) {
      const [name, config] = e.value;
      seen.set(name, { enforcementLevel: convertEnforcementLevel(config.getEnforcementlevel()), settings: config.getProperties()?.toJavaScript() ?? {} });
      if (name === FLOOR_POLICY) config.setEnforcementlevel(mapEnforcementLevel("mandatory"));
    }
    requested = seen;
    return configure(call, callback);
  };
}
