// How every switchyard command starts, and the plan bench's children with it.
// - V8's code cache on disk (Node 22.1+): modules load faster from the second run on.
// - tsx compiles the TypeScript on the fly, so a fresh clone needs no build step.
// - Installed packages load as Node loads them: tsx reads every `.js` file and runs a lexer over it
//   to find ES module syntax to compile (node_modules/tsx/dist/register-*.cjs, its `.js`
//   extension), a third of loading @pulumi/pulumi, @pulumi/aws and the rest. Packages ship
//   JavaScript that Node runs as it is (an ES module through Node's own require(esm), 22.12+);
//   only this repository's files need tsx.
// - tsx's output for those kept on disk (bin/ts-cache.js): most of tsx's time per file is spent
//   before it looks in its own cache.
// - Source-mapped stack traces off (tsx turns them on): Pulumi's SDK takes a stack trace for every
//   promise and resource it makes, and mapping each was a large share of a plan. Messages are
//   unchanged; run with --enable-source-maps for TypeScript positions in a crash's stack.
const { join, sep } = require("node:path");
const Module = require("node:module");

Module.enableCompileCache?.();
const extensions = Module._extensions;
const nodeJs = extensions[".js"];
require("tsx/cjs");
const tsxJs = extensions[".js"];
const installed = `${sep}node_modules${sep}`;
extensions[".js"] = function loadJs(module, filename) {
  return (filename.includes(installed) ? nodeJs : tsxJs).call(this, module, filename);
};
require("./ts-cache").cacheTypeScript(extensions, join(__dirname, "..", "node_modules", ".cache", "switchyard", "ts"));
if (!process.execArgv.includes("--enable-source-maps")) process.setSourceMapsEnabled(false);
