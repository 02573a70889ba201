#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on the fly so a fresh clone needs no build step.
require("tsx/cjs");
require("../cli/main.ts").cli(process.argv.slice(2));
