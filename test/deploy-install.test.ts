/**
 * A deploy install (`npm ci --omit=dev`) is enough for `pulumi up` and the policy pack: every
 * package the program and the pack load at run time is a production dependency, and so are
 * `typescript` and `@types/node`, which the language host's ts-node needs to type-check them
 * (without `typescript` it falls back to its bundled TypeScript 3.8, which cannot compile either).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..");
const npm = (args: string[]) => execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", args, { cwd: ROOT, encoding: "utf8" });

/** The package a node_modules path belongs to (`@scope/name` or `name`). */
function packageOf(path: string): string | undefined {
  const parts = path.split(`${sep}node_modules${sep}`);
  if (parts.length < 2) return undefined;
  const rest = (parts[parts.length - 1] as string).split(sep);
  return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
}

describe("a deploy install (npm ci --omit=dev)", () => {
  const production = new Set(npm(["ls", "--omit=dev", "--all", "--parseable"]).split("\n").map(packageOf).filter((p): p is string => p !== undefined));

  it("holds typescript and @types/node, which the CLI's ts-node needs for the program and the pack: declared, not left to another package's optional peer", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).toEqual(expect.arrayContaining(["typescript", "@types/node"]));
    expect(production.has("typescript")).toBe(true);
    expect(production.has("@types/node")).toBe(true);
  });

  it("does not bring a Node.js of its own: the project's `node` devDependency serves npm scripts and npx on a development machine, a deploy machine keeps the documented requirement", () => {
    expect(production.has("node")).toBe(false);
  });

  it("holds every package the program and the pack load", () => {
    const script = "require('./components/program.ts'); require('./policies/registry.ts'); require('./policies/pack.ts'); process.stdout.write(JSON.stringify(Object.keys(require.cache)));";
    const loaded = JSON.parse(execFileSync(process.execPath, ["-r", "./bin/bootstrap.js", "-e", script], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 })) as string[];
    const packages = new Set(loaded.map(packageOf).filter((p): p is string => p !== undefined));
    expect(packages.size).toBeGreaterThan(10);
    expect([...packages].filter((p) => !production.has(p)).sort()).toEqual([]);
  });
});
