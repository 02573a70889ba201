/**
 * policies/config/<env>.json: valid against the schemas, and with the levels the issue asks for. A
 * file names the policies whose level or settings differ from the policy's own; the others keep
 * theirs (the CLI's rule, reconcilePackConfig), and policies/README.md shows every level per file.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allPolicies } from "../../policies/registry";
import { PolicyConfigError, reconcilePackConfig, validatePackConfig } from "../../policies/support/pack-config";

const load = (env: string) => JSON.parse(readFileSync(join(__dirname, "..", "..", "policies", "config", `${env}.json`), "utf8")) as Record<string, Record<string, unknown>>;

describe("policy pack config files", () => {
  it.each(["dev", "staging", "prod"])("%s.json is valid, and each policy it names has a level", (env) => {
    const config = load(env);
    expect(() => validatePackConfig(config, allPolicies)).not.toThrow();
    for (const [name, entry] of Object.entries(config)) expect(entry.enforcementLevel, name).toMatch(/^(advisory|mandatory|disabled)$/);
  });

  it("a policy a file does not name keeps its own level", () => {
    const policy = allPolicies.find((p) => p.enforcementLevel === "advisory")!;
    const { [policy.name]: _named, ...rest } = load("prod");
    expect(reconcilePackConfig(allPolicies, rest)[policy.name]?.enforcementLevel).toBe("advisory");
    expect(reconcilePackConfig(allPolicies, load("prod"))[policy.name]?.enforcementLevel).toBe(load("prod")[policy.name].enforcementLevel);
  });

  it("sets the environment differences the issue asks for", () => {
    const [dev, staging, prod] = ["dev", "staging", "prod"].map(load);
    expect([dev, staging, prod].map((c) => c["switchyard-keys-expiry"].maxKeyLifetimeDays)).toEqual([180, 180, 90]);
    expect([dev, staging, prod].map((c) => c["switchyard-keys-allowed-ips"].enforcementLevel)).toEqual(["advisory", "advisory", "mandatory"]);
    expect([dev, staging, prod].map((c) => c["switchyard-protection-required"].enforcementLevel)).toEqual(["disabled", "disabled", "mandatory"]);
    expect(prod["switchyard-routes-canary-bound"].maxCanaryPercent).toBe(50);
    expect(prod["switchyard-routes-fallback"].enforcementLevel).toBe("advisory");
    const prodLevels = reconcilePackConfig(allPolicies, prod);
    const mandatoryInProd = allPolicies.filter((p) => prodLevels[p.name]?.enforcementLevel === "mandatory").length;
    expect(mandatoryInProd).toBe(allPolicies.length - 1); // all but the advisory fallback rule
    // A fallback that is the primary again: refused in prod, flagged elsewhere.
    expect([dev, staging, prod].map((c) => c["switchyard-routes-fallback-distinct"].enforcementLevel)).toEqual(["advisory", "advisory", "mandatory"]);
  });

  it("rejects out-of-range settings, unknown settings and bad dates", () => {
    const prod = load("prod");
    const broken = {
      ...prod,
      "switchyard-keys-expiry": { enforcementLevel: "mandatory", maxKeyLifetimeDays: 0, today: "27/11/2026" },
      "switchyard-routes-canary-bound": { enforcementLevel: "mandatory", maxCanaryPercent: 50, maxCanary: 10 },
    };
    try {
      validatePackConfig(broken, allPolicies);
      expect.unreachable();
    } catch (error) {
      expect((error as PolicyConfigError).problems).toEqual([
        "/switchyard-keys-expiry/maxKeyLifetimeDays: must be >= 1",
        '/switchyard-keys-expiry/today: must match format "date"',
        '/switchyard-routes-canary-bound: unknown setting "maxCanary"',
      ]);
    }
  });

  it("every policy is named switchyard-<area>-<rule> and carries CrossGuard's metadata", () => {
    for (const p of allPolicies) {
      expect(p.name).toMatch(/^switchyard-[a-z]+-[a-z-]+$/);
      expect(["low", "medium", "high", "critical"]).toContain(p.severity);
      expect(p.description.length).toBeGreaterThan(20);
      expect(p.remediationSteps.length).toBeGreaterThan(20);
      expect(p.configSchema.properties).not.toHaveProperty("enforcementLevel");
    }
    expect(new Set(allPolicies.map((p) => p.name)).size).toBe(allPolicies.length);
  });
});
