#!/usr/bin/env node
// Refused before anything else loads on a Node.js older than package.json's engines (bin/node-version.js).
const refused = require("./node-version").unsupportedNode(process.versions.node, require("../package.json").engines.node);
if (refused) {
  process.stderr.write(refused);
  process.exit(2);
}
// `--version` answers before TypeScript is loaded: it only reads package.json.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  process.stdout.write(`${require("../package.json").version}\n`);
} else {
  require("./bootstrap");
  require("../cli/main.ts").cli(argv);
}
