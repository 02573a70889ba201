/**
 * esbuild bundles kept on disk between runs (node_modules/.cache/switchyard/), so that a plan, a
 * preview or a test run does not bundle the front door and the usage exporter again when nothing
 * they are built from has changed: bundling them was a sizeable share of every `switchyard plan`.
 *
 * A kept bundle is used only when everything that decides its text is as it was when it was built:
 * esbuild's version, the build options, every file the build read (its metafile's inputs) byte for
 * byte, the names of the files beside each of them (a new file can change what an import resolves
 * to), and every package.json and tsconfig.json on the way up from them (package entry points and
 * module types, compiler options). Anything else, or a cache that cannot be read, bundles afresh;
 * a cache that cannot be written is skipped. Builds run with the repository as working directory,
 * so that the text (esbuild names each module in a comment) does not depend on where a command runs.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { BuildOptions, BuildResult } from "esbuild";

/** The repository: builds run here, and metafile paths are relative to it. */
export const BUNDLE_ROOT = join(__dirname, "..");
const DEFAULT_CACHE_DIR = join(BUNDLE_ROOT, "node_modules", ".cache", "switchyard");
/** Bumped when what an entry holds, or how it is checked, changes. */
const FORMAT = 1;

interface Entry {
  /** Hash of the format, esbuild's version and the options. */
  build: string;
  /** The files the build read, relative to `root`. */
  inputs: string[];
  /** digestOf(inputs) when it was built. */
  digest: string;
  text: string;
}

export interface CachedBundle {
  /** File name of the entry in the cache directory. */
  name: string;
  /** esbuild options; entry points relative to `root`. `bundle`, `write` and `metafile` are set here. */
  options: BuildOptions;
  /** Working directory of the build; default: the repository. */
  root?: string;
  /** Default: node_modules/.cache/switchyard in the repository. */
  cacheDir?: string;
}

/** The bundle's one output file, from the cache when nothing it is built from changed. */
export function cachedBundle({ name, options, root = BUNDLE_ROOT, cacheDir = DEFAULT_CACHE_DIR }: CachedBundle): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  const build = createHash("sha256").update(JSON.stringify([FORMAT, esbuild.version, options])).digest("hex");
  const file = join(cacheDir, `${name}.json`);
  const kept = readEntry(file);
  if (kept && kept.build === build && digestOf(root, kept.inputs) === kept.digest) return kept.text;

  const result: BuildResult<{ metafile: true; write: false }> = esbuild.buildSync({ ...options, bundle: true, write: false, metafile: true, absWorkingDir: root });
  const text = result.outputFiles[0]?.text;
  if (text === undefined) throw new Error(`esbuild produced no output for ${name}`);
  const inputs = Object.keys(result.metafile.inputs).sort();
  const digest = digestOf(root, inputs);
  if (digest !== undefined) writeEntry(cacheDir, file, { build, inputs, digest, text });
  return text;
}

function readEntry(file: string): Entry | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Entry;
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (a rename), so that concurrent runs never read half an entry. */
function writeEntry(dir: string, file: string, entry: Entry): void {
  try {
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(entry));
    renameSync(partial, file);
  } catch {
    // A read-only checkout: bundle every time, as without a cache.
  }
}

/** The file's content, or undefined where there is no file (without an exception: most ancestors have no config). */
const readOptional = (file: string): Buffer | undefined => (statSync(file, { throwIfNoEntry: false })?.isFile() ? readFileSync(file) : undefined);

/** What decides the bundle's text besides esbuild and its options; undefined when an input is gone. */
export function digestOf(root: string, inputs: readonly string[]): string | undefined {
  const hash = createHash("sha256");
  const dirs = new Set<string>();
  for (const input of inputs) {
    const content = readOptional(join(root, input));
    if (content === undefined) return undefined;
    hash.update(`file\0${input}\0${content.length}\0`).update(content);
    dirs.add(dirname(join(root, input)));
  }
  const ancestors = new Set<string>();
  for (const dir of [...dirs].sort()) {
    hash.update(`dir\0${dir}\0${readdirSync(dir).sort().join("\0")}\0`);
    for (let d = dir; !ancestors.has(d); d = dirname(d)) ancestors.add(d);
  }
  for (const dir of [...ancestors].sort()) {
    for (const name of ["package.json", "tsconfig.json"]) {
      const content = readOptional(join(dir, name));
      if (content !== undefined) hash.update(`config\0${join(dir, name)}\0${content.length}\0`).update(content);
    }
  }
  return hash.digest("hex");
}
