// How every switchyard command starts, and the plan bench's children with it.
// - V8's code cache on disk (Node 22.1+): modules load faster from the second run on.
// - tsx compiles the TypeScript on the fly, so a fresh clone needs no build step.
// - Source-mapped stack traces off (tsx turns them on): Pulumi's SDK takes a stack trace for every
//   promise and resource it makes, and mapping each was a large share of a plan. Messages are
//   unchanged; run with --enable-source-maps for TypeScript positions in a crash's stack.
require("node:module").enableCompileCache?.();
require("tsx/cjs");
if (!process.execArgv.includes("--enable-source-maps")) process.setSourceMapsEnabled(false);
