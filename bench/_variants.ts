import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { FRONT_DOOR_BUNDLE } from "../runtime/front-door/bundle";
const dir = join(__dirname, "..", "runtime", "front-door");
const source = readFileSync(join(dir, "worker.ts"), "utf8");
const variants: Record<string, Array<[string, string]>> = JSON.parse(readFileSync(process.argv[2], "utf8"));
(async () => {
  for (const [name, edits] of Object.entries(variants)) {
    let contents = source;
    for (const [from, to] of edits) {
      if (contents.split(from).length !== 2) throw new Error(`${name}: not exactly one ${from}`);
      contents = contents.replace(from, to);
    }
    const { entryPoints: _e, ...options } = FRONT_DOOR_BUNDLE.options;
    const out = await build({ ...options, bundle: true, write: false, stdin: { contents, resolveDir: dir, sourcefile: "worker.ts", loader: "ts" } });
    writeFileSync(`/tmp/exp/${name}.mjs`, out.outputFiles[0].text);
    console.log(name);
  }
})();
