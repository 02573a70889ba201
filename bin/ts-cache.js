// tsx's compiled output for this repository's `.ts` files, kept on disk
// (node_modules/.cache/switchyard/ts/), so that a command compiles each file straight from it.
// Before tsx looks in its own cache it scans every source for `import.meta` with the JavaScript
// build of es-module-lexer (its WebAssembly build is not ready while a command's modules load):
// most of its time per file, for a hundred files on every command.
//
// A kept output is used only for the very file, source and setup it was made for: the key holds
// the file's path and content, tsx's and its esbuild's versions, Node's version (tsx compiles for
// it) and the tsconfig.json tsx reads (TSX_TSCONFIG_PATH, else the nearest one up from the working
// directory). Anything else goes through tsx as before, and its output is kept: with source maps
// on (tsx then inlines one), under `tsx watch` (which learns each file from tsx), when that
// tsconfig extends another, and where the cache cannot be written.
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");

const FORMAT = 1;
const isFile = (file) => statSync(file, { throwIfNoEntry: false })?.isFile() === true;
const versionOf = (packageJson) => JSON.parse(readFileSync(packageJson, "utf8")).version;

/** The tsconfig tsx reads, as text with its path; undefined when the cache cannot cover it. */
function tsconfigOf(cwd) {
  let file = process.env.TSX_TSCONFIG_PATH;
  for (let dir = cwd; !file; dir = dirname(dir)) {
    if (isFile(join(dir, "tsconfig.json"))) file = join(dir, "tsconfig.json");
    else if (dirname(dir) === dir) return "none";
  }
  const text = readFileSync(file, "utf8");
  return /"extends"\s*:/.test(text) ? undefined : `${file}\0${text}`;
}

/** Puts the cache in front of tsx's `.ts` loader in `extensions` (Module._extensions). */
function cacheTypeScript(extensions, cacheDir) {
  const tsx = extensions[".ts"];
  const tsconfig = tsconfigOf(process.cwd());
  if (tsconfig === undefined || process.send) return;
  const tsxPackage = require.resolve("tsx/package.json");
  const esbuildPackage = join(dirname(require.resolve("esbuild", { paths: [tsxPackage] })), "..", "package.json");
  const setup = [FORMAT, versionOf(tsxPackage), versionOf(esbuildPackage), process.version, tsconfig].join("\0");
  let made = false;
  extensions[".ts"] = function loadTs(module, filename) {
    if (process.sourceMapsEnabled) return tsx.call(this, module, filename);
    const source = readFileSync(filename);
    const key = createHash("sha256").update(setup).update("\0").update(filename).update("\0").update(source).digest("hex");
    const file = join(cacheDir, `${key}.js`);
    if (isFile(file)) return module._compile(readFileSync(file, "utf8"), filename);
    const compile = module._compile;
    module._compile = function keep(code, name) {
      module._compile = compile;
      try {
        if (!made) mkdirSync(cacheDir, { recursive: true });
        made = true;
        const partial = `${file}.${process.pid}.tmp`;
        writeFileSync(partial, code);
        renameSync(partial, file);
      } catch {
        // A read-only checkout: tsx compiles every time, as without the cache.
      }
      return compile.call(this, code, name);
    };
    return tsx.call(this, module, filename);
  };
}

module.exports = { cacheTypeScript };
