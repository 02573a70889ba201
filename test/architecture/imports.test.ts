/**
 * The layers of docs/architecture.md and the imports each may make, read from every TypeScript
 * and JavaScript file the repository tracks (relative `import`, `export … from`, `import()` and
 * `require()`; packages and data files are not layers). A new import across layers that the
 * document does not allow fails here, naming the file and what it imports.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");

/** Who may import what, by the importer's layer: a layer (top folder) or one file or folder path. */
const ALLOWED: Record<string, readonly string[]> = {
  vendor: [],
  // Vendor limits only, a module that imports nothing (checked below): the loader refuses what a vendor would.
  stacks: ["vendor/limits.ts", "runtime/usage-export/contract.ts"],
  // Only the loader's modules that import nothing (checked below): the bundles stay self-contained.
  runtime: ["stacks/providers.ts", "stacks/formats.ts", "stacks/endpoint-families.ts"],
  components: ["stacks", "runtime", "vendor"],
  // The components' contract (types and tokens), never a component; the key table entry's type.
  policies: ["components/contract.ts", "stacks", "runtime/front-door/key-entry.ts", "vendor"],
  engine: ["components/program.ts", "components/contract.ts", "policies/registry.ts", "policies/pack.ts", "policies/support", "stacks", "vendor"],
  // The Worker's endpoint families: the decision records name them from the one mapping.
  plan: ["engine", "policies/registry.ts", "policies/floor.ts", "policies/support", "components/contract.ts", "stacks", "runtime/front-door/endpoints.ts", "runtime/usage-export/contract.ts", "vendor"],
  // Application code read for the sprawl, drafted into stack files and records from the plan's own derivations.
  discover: ["plan", "stacks"],
  // Another gateway's config as a stack file; provider prefixes from discover's one catalogue.
  import: ["discover/catalogue.ts", "stacks"],
  // The ledger's reader and the Worker's route table are runtime code the CLI reuses as a client.
  cli: ["plan", "stacks", "runtime", "discover", "import"],
  bin: ["cli"],
  "index.ts": ["components/program.ts", "stacks"],
  "stand-ins": ["components", "runtime", "stacks", "vendor"],
  // Example applications discover reads import nothing of ours; the sample ledger is written with the exporter's own row code.
  examples: ["runtime/usage-export/ledger-row.ts"],
  bench: ["bin", "cli", "components", "discover", "engine", "import", "index.ts", "plan", "policies", "runtime", "stacks", "stand-ins", "vendor"],
  test: ["*"],
};

/** Imports that must be `import type`: a runtime type in the policy pack, nothing more. */
const TYPE_ONLY: ReadonlyArray<[from: string, to: string]> = [["policies", "runtime/front-door/key-entry.ts"]];

const SOURCE = /\.(ts|mts|js)$/;
const IMPORT = /(?:\bimport\s+(type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?|\bexport\s+(type\s+)?[\w*{}\s,$]*\s+from\s+|\bimport\(\s*|\brequire\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
  .split("\n")
  .filter((f) => SOURCE.test(f) && !f.startsWith("node_modules/"));

/** `../stacks/schema` from `policies/rules/x.ts` -> `stacks/schema.ts`; undefined for data files. */
function resolveImport(from: string, spec: string): string | undefined {
  const base = normalize(join(dirname(from), spec));
  for (const candidate of [base, `${base}.ts`, `${base}.js`, join(base, "index.ts")]) if (files.includes(candidate)) return candidate;
  return undefined;
}

function edgesIn(file: string, text: string): Edge[] {
  return [...text.matchAll(IMPORT)].flatMap((m) => {
    const to = resolveImport(file, m[3] as string);
    return to ? [{ from: file, to, typeOnly: Boolean(m[1] ?? m[2]) }] : [];
  });
}

const layerOf = (file: string) => (file.includes("/") ? file.slice(0, file.indexOf("/")) : file);
const within = (file: string, allowed: string) => allowed === "*" || file === allowed || file.startsWith(`${allowed}/`);
const refusedOf = (edge: Edge) => {
  const layer = layerOf(edge.from);
  return layerOf(edge.to) !== layer && !(ALLOWED[layer] ?? []).some((allowed) => within(edge.to, allowed));
};
const edges = files.flatMap((f) => edgesIn(f, readFileSync(join(ROOT, f), "utf8")));

describe("the import graph keeps to docs/architecture.md's layers", () => {
  it("reads the repository's imports", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(edges.length).toBeGreaterThan(300);
    // Every tracked source file belongs to a layer the table names.
    expect(files.map(layerOf).filter((l) => !(l in ALLOWED) && l !== "vitest.config.mts")).toEqual([]);
  });

  it("every import across layers is one the layer may make", () => {
    expect(edges.filter(refusedOf).map((e) => `${e.from} imports ${e.to}`)).toEqual([]);
  });

  it("the loader modules the runtime imports import nothing themselves", () => {
    const used = [...new Set(edges.filter((e) => layerOf(e.from) === "runtime" && layerOf(e.to) === "stacks").map((e) => e.to))];
    expect(used.length).toBeGreaterThan(0);
    for (const file of used) expect({ file, imports: readFileSync(join(ROOT, file), "utf8").match(/^import .*$/gm) ?? [] }).toEqual({ file, imports: [] });
  });

  it("the vendor module the loader imports imports nothing itself", () => {
    const used = [...new Set(edges.filter((e) => layerOf(e.from) === "stacks" && layerOf(e.to) === "vendor").map((e) => e.to))];
    expect(used).toEqual(["vendor/limits.ts"]);
    expect(readFileSync(join(ROOT, "vendor/limits.ts"), "utf8").match(/^import .*$/gm) ?? []).toEqual([]);
  });

  it("what must be imported as a type only is", () => {
    const valueImports = edges.filter((e) => !e.typeOnly && TYPE_ONLY.some(([from, to]) => within(e.from, from) && e.to === to));
    expect(valueImports.map((e) => `${e.from} imports ${e.to}`)).toEqual([]);
  });

  it("would refuse what the layers forbid: a rule's internals in the plan, a component in a policy, a test helper in a bench", () => {
    const refused = (file: string, text: string) => edgesIn(file, text).map((e) => [e.to, refusedOf(e)]);
    expect(refused("plan/run-plan.ts", 'import { keysScope } from "../policies/rules/keys-scope";')).toEqual([["policies/rules/keys-scope.ts", true]]);
    expect(refused("policies/rules/keys-scope.ts", 'import type { WorkloadArgs } from "../../components/contract";\nimport { Workload } from "../../components/workload";')).toEqual([
      ["components/contract.ts", false],
      ["components/workload.ts", true],
    ]);
    expect(refused("bench/plan.bench.ts", 'const m = await import("../test/support/mock-engine");')).toEqual([["test/support/mock-engine.ts", true]]);
  });
});
