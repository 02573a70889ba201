#!/usr/bin/env node
require("./bootstrap");
require("../cli/main.ts");
