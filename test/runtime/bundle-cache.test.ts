import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { cachedBundle } from "../../runtime/bundle-cache";

/** A small project: entry.ts imports ./dep (a folder) and the package `pkg` (two files, one named by package.json). */
function project(): { root: string; cacheDir: string; bundle: () => string; write: (file: string, text: string) => void; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), "bundle-cache-"));
  const write = (file: string, text: string) => {
    mkdirSync(join(root, file, ".."), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  write("entry.ts", 'import { dep } from "./dep";\nimport { pkg } from "pkg";\nexport const both = [dep, pkg];\n');
  write("dep/index.ts", 'export const dep = "dep folder";\n');
  write("node_modules/pkg/package.json", '{ "name": "pkg", "main": "a.js" }');
  write("node_modules/pkg/a.js", 'exports.pkg = "pkg a";\n');
  write("node_modules/pkg/b.js", 'exports.pkg = "pkg b";\n');
  // Outside the project: a directory appearing beside the sources is a change to them.
  const cacheDir = join(mkdtempSync(join(tmpdir(), "bundle-cache-dir-")), "cache");
  const bundle = () => cachedBundle({ name: "entry", options: { entryPoints: ["entry.ts"], format: "esm", platform: "node", logLevel: "silent" }, root, cacheDir });
  const remove = () => [root, join(cacheDir, "..")].forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  return { root, cacheDir, bundle, write, remove };
}

/** Replaces the kept text, leaving what it is checked against: a bundle that answers this text came from the cache. */
function markKept(cacheDir: string): void {
  const file = join(cacheDir, "entry.json");
  writeFileSync(file, JSON.stringify({ ...(JSON.parse(readFileSync(file, "utf8")) as object), text: "kept" }));
}

describe("bundle cache", () => {
  it("answers from the cache while nothing the bundle is built from changed", () => {
    const p = project();
    const built = p.bundle();
    expect(built).toContain("dep folder");
    expect(built).toContain("pkg a");
    markKept(p.cacheDir);
    expect(p.bundle()).toBe("kept");
    p.remove();
  });

  it("bundles again when a source changes, a new file changes what an import resolves to, a package.json changes, or a source is gone", () => {
    const p = project();
    p.bundle();
    const changes: Array<[string, () => void, string]> = [
      ["a source", () => p.write("dep/index.ts", 'export const dep = "dep folder, changed";\n'), "dep folder, changed"],
      ["a new file beside the importer", () => p.write("dep.ts", 'export const dep = "dep file";\n'), "dep file"],
      ["package.json", () => p.write("node_modules/pkg/package.json", '{ "name": "pkg", "main": "b.js" }'), "pkg b"],
      ["a gone source", () => rmSync(join(p.root, "dep.ts")), "dep folder, changed"],
    ];
    for (const [what, change, expected] of changes) {
      markKept(p.cacheDir);
      change();
      const text = p.bundle();
      expect(text, what).not.toBe("kept");
      expect(text, what).toContain(expected);
    }
    p.remove();
  });

  it("bundles without a cache where it cannot write one", () => {
    const p = project();
    writeFileSync(p.cacheDir, "a file where the cache directory would be");
    expect(p.bundle()).toContain("dep folder");
    expect(p.bundle()).toContain("dep folder");
    p.remove();
  });

  it("gives the front door the same text wherever the command runs (esbuild names each module relative to its working directory)", async () => {
    const cwd = process.cwd();
    process.chdir(tmpdir());
    try {
      vi.resetModules();
      const { bundleFrontDoor, FRONT_DOOR_BUNDLE } = await import("../../runtime/front-door/bundle");
      const text = bundleFrontDoor();
      expect(text).toMatch(/^\/\/ runtime\/front-door\/worker\.ts$/m);
      expect(text).not.toMatch(/^\/\/ \.\.\//m);
      // Bundled afresh here (an empty cache), not only read from the cache a run at the root left.
      const fresh = mkdtempSync(join(tmpdir(), "bundle-cache-fresh-"));
      expect(cachedBundle({ ...FRONT_DOOR_BUNDLE, cacheDir: fresh })).toBe(text);
      rmSync(fresh, { recursive: true });
    } finally {
      process.chdir(cwd);
    }
  });
});
