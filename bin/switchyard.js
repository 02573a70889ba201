#!/usr/bin/env node
// `--version` answers before TypeScript is loaded: it only reads package.json.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  process.stdout.write(`${require("../package.json").version}\n`);
} else {
  require("./bootstrap");
  require("../cli/main.ts").cli(argv);
}
