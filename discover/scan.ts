/**
 * Reads source trees for `switchyard discover`: walks each PATH (skipping dependencies, virtual
 * environments, build output and VCS folders), assigns every file to a service, and hands the
 * files that can hold a call site to the reader of their language.
 *
 * A service is a top-level directory under PATH; PATH itself is one service when it is a project
 * root (it holds package.json, pyproject.toml, setup.py or requirements.txt). Files directly under
 * a PATH that is not a project root belong to a service named after PATH. A service's name is
 * its directory's name made a stack-file label: the workload it matches has that label.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join, relative, resolve } from "node:path";
import { FORMATS } from "../stacks/formats";
import { TRIGGERS } from "./catalogue";
import { PY_EXTENSIONS, pythonReader } from "./python";
import type { RawCredential, Site } from "./sites";
import { locator, rawCredentials } from "./text-findings";
import { TS_EXTENSIONS, readTypeScript } from "./typescript";

/** Folders that hold no application code of the team's own. */
const SKIPPED = new Set(["node_modules", ".git", ".hg", ".svn", "dist", "build", "out", "coverage", ".next", ".nuxt", "__pycache__", ".venv", "venv", "env", ".tox", ".mypy_cache", ".pytest_cache", "site-packages", ".terraform", "vendor"]);
const PROJECT_ROOTS = ["package.json", "pyproject.toml", "setup.py", "requirements.txt"];
/** Files larger than this are generated or bundled, not written by a team. */
const MAX_FILE_BYTES = 1_000_000;

export interface Service {
  name: string;
  /** Its directory, as shown (relative to the working directory). */
  dir: string;
}

export interface ScanResult {
  services: Service[];
  sites: Array<Site & { service: string }>;
  rawCredentials: Array<RawCredential & { service: string }>;
  files: { read: number; parsed: number; lines: number };
}

/** A directory name as a stack-file label: lowercase, [a-z0-9-], starting with a letter. */
export function serviceLabel(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+/g, "-")
    .replace(/-$/, "")
    .slice(0, 63);
  return FORMATS.label.pattern.test(label) ? label : `service-${label || "root"}`.slice(0, 63);
}

const isProjectRoot = (dir: string) => PROJECT_ROOTS.some((f) => existsSync(join(dir, f)));

function* sourceFiles(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory()) {
      if (!SKIPPED.has(e.name) && !e.name.startsWith(".")) yield* sourceFiles(join(dir, e.name));
    } else if (e.isFile() && (TS_EXTENSIONS.includes(extname(e.name)) || PY_EXTENSIONS.includes(extname(e.name))) && !e.name.endsWith(".d.ts") && !e.name.endsWith(".min.js")) {
      yield join(dir, e.name);
    }
  }
}

/** The services under one PATH, each with its files. */
function servicesOf(path: string): Array<{ service: Service; files: string[] }> {
  const root = resolve(path);
  if (statSync(root).isFile()) return [{ service: { name: serviceLabel(basename(root).replace(/\.[^.]+$/, "")), dir: path }, files: [root] }];
  if (isProjectRoot(root)) return [{ service: { name: serviceLabel(basename(root)), dir: path }, files: [...sourceFiles(root)] }];
  const out: Array<{ service: Service; files: string[] }> = [];
  const loose: string[] = [];
  for (const e of readdirSync(root, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory() && !SKIPPED.has(e.name) && !e.name.startsWith(".")) out.push({ service: { name: serviceLabel(e.name), dir: join(path, e.name) }, files: [...sourceFiles(join(root, e.name))] });
    else if (e.isFile() && [...TS_EXTENSIONS, ...PY_EXTENSIONS].includes(extname(e.name))) loose.push(join(root, e.name));
  }
  if (loose.length) out.unshift({ service: { name: serviceLabel(basename(root)), dir: path }, files: loose });
  return out.filter((s) => s.files.length > 0);
}

/** Does the text hold anything a reader could find? Most files of a repository do not, and are not parsed. */
const mayHoldSites = (text: string) => TRIGGERS.some((t) => text.includes(t));

export async function scan(paths: string[], cwd = process.cwd()): Promise<ScanResult> {
  const readPython = await pythonReader();
  const result: ScanResult = { services: [], sites: [], rawCredentials: [], files: { read: 0, parsed: 0, lines: 0 } };
  for (const path of paths) {
    for (const { service, files } of servicesOf(resolve(cwd, path))) {
      const shownDir = relative(cwd, resolve(cwd, service.dir)) || ".";
      if (!result.services.some((s) => s.name === service.name)) result.services.push({ name: service.name, dir: shownDir });
      for (const file of files) {
        if (statSync(file).size > MAX_FILE_BYTES) continue;
        const text = readFileSync(file, "utf8");
        const shown = relative(cwd, file);
        result.files.read++;
        for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) result.files.lines++;
        if (mayHoldSites(text)) {
          result.files.parsed++;
          const ext = extname(file);
          const sites = PY_EXTENSIONS.includes(ext) ? readPython(text, shown) : readTypeScript(text, shown, ext);
          for (const s of sites) result.sites.push({ ...s, service: service.name });
        }
        for (const c of rawCredentials(text, locator(text, shown))) result.rawCredentials.push({ ...c, service: service.name });
      }
    }
  }
  return result;
}
