/**
 * The project's own files a program runs, by following relative imports from its entry files
 * (`import`, `export … from`, `import()`, `require()`; packages are left to package-lock.json).
 * `--base` lists the changed ones of the policy pack (policies/index.ts and what it imports);
 * the example workflow's path filter must cover every folder of the plan's (test/plan/workflow.test.ts).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

const IMPORT = /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?|\bexport\s+(?:type\s+)?[\w*{}\s,$]*\s+from\s+|\bimport\(\s*|\brequire(?:\.resolve)?\(\s*)["'](\.{1,2}\/[^"']+)["']/g;
const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

function resolveImport(from: string, spec: string): string | undefined {
  const base = normalize(join(dirname(from), spec));
  return [base, `${base}.ts`, `${base}.js`, join(base, "index.ts")].find(isFile);
}

/** Every project file reachable from `entries` (paths from `root`), sorted, as paths from `root`. */
export function importClosure(root: string, entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = entries.map((e) => join(root, e));
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file) || !isFile(file)) continue;
    seen.add(file);
    if (!/\.(ts|mts|js|cjs)$/.test(file)) continue;
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const target = resolveImport(file, m[1] as string);
      if (target && !target.includes(`${"/"}node_modules/`)) queue.push(target);
    }
  }
  return [...seen].map((f) => relative(root, f)).sort();
}

/** The policy pack's entry, as `pulumi preview --policy-pack policies` starts it. */
export const PACK_ENTRY = "policies/index.ts";
