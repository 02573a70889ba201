/**
 * Node.js: the project brings its own for its npm scripts and `npx switchyard` (the `node`
 * package as a devDependency: npm puts node_modules/.bin first on PATH for scripts and npx,
 * @npmcli/run-script lib/set-path.js), and a switchyard started on an older one refuses up front
 * with one line naming the supported versions (bin/node-version.js).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const { supports, unsupportedNode } = require("../../bin/node-version.js") as {
  supports: (version: string, range: string) => boolean;
  unsupportedNode: (version: string, range: string) => string | undefined;
};
const root = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { engines: { node: string }; devDependencies: Record<string, string>; allowScripts: Record<string, boolean> };

describe("the supported Node.js versions", () => {
  it("are package.json's engines.node, read as npm reads the range", () => {
    const range = pkg.engines.node;
    expect(range).toBe("^22.12.0 || >=24.0.0");
    for (const v of ["22.12.0", "22.23.3", "24.0.0", "24.21.0", "26.1.0"]) expect(supports(v, range), v).toBe(true);
    for (const v of ["20.20.2", "22.11.0", "23.9.0", "18.0.0"]) expect(supports(v, range), v).toBe(false);
  });

  it("an older Node.js gets one line naming them", () => {
    const line = unsupportedNode("20.20.2", pkg.engines.node);
    expect(line).toBe(
      "switchyard: Node.js 20.20.2 is not supported; run it on Node.js 22 (22.12.0 or later), or 24 or later (npm scripts and npx switchyard in this project bring Node.js 24 from its devDependencies)\n",
    );
    expect(unsupportedNode("24.21.0", pkg.engines.node)).toBeUndefined();
  });

  it("the project's own Node.js (the devDependency the tests run on) is a supported one, and its install script is allowed", () => {
    expect(pkg.allowScripts.node).toBe(true);
    expect(supports(pkg.devDependencies.node ?? "", pkg.engines.node)).toBe(true);
    expect(supports(process.versions.node, pkg.engines.node)).toBe(true);
  });

  it("every package in the lockfile with an install script is reviewed in allowScripts (npm 11 warns about the others, npm 12 skips them)", () => {
    const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = new Set(Object.entries(lock.packages).flatMap(([path, p]) => (p.hasInstallScript && path ? [path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length)] : [])));
    expect([...withScripts].sort()).toEqual(Object.keys(pkg.allowScripts).sort());
    // The native build of tree-sitter-python is not used (discover runs its .wasm): denied.
    expect(pkg.allowScripts["tree-sitter-python"]).toBe(false);
  });

  // The machine's own Node.js, when it is an older one (Debian's is 20): the CLI refuses up front.
  const system = ["/usr/bin/node", "/usr/local/bin/node"].find((p) => existsSync(p));
  const systemVersion = system ? execFileSync(system, ["-p", "process.versions.node"], { encoding: "utf8" }).trim() : undefined;
  it.skipIf(!systemVersion || supports(systemVersion, pkg.engines.node))(`bin/switchyard.js on the machine's Node.js ${systemVersion ?? ""} exits 2 with that one line`, () => {
    const run = spawnSync(system as string, [join(root, "bin", "switchyard.js"), "plan", "dev"], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(unsupportedNode(systemVersion as string, pkg.engines.node));
  });
});
