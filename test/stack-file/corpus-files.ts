/** Where the good and bad stack files live, for the tests that walk them. */
import { readdirSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
/** The example stacks, in dev, staging, prod order. */
export const EXAMPLES = ["dev", "staging", "prod"].map((s) => join(ROOT, "stacks", `${s}.yaml`));
/** minimal-gateway (prod), unified-billing (staging-eu), direct-only (dev). */
export const MINIMAL_GOOD = ["minimal-gateway", "unified-billing", "direct-only"].map((s) => join(ROOT, "test", "fixtures", "good", `${s}.yaml`));
/**
 * stacks/dev.yaml as it was when the bad corpus was cut from it: tests with hard-coded positions
 * edit this copy, so later edits of the example do not move their lines.
 */
export const DEV_BASE = join(ROOT, "test", "fixtures", "good", "dev-base.yaml");
export const GOOD_FILES = [...EXAMPLES, ...MINIMAL_GOOD, DEV_BASE];
export const BAD_DIR = join(ROOT, "test", "fixtures", "bad");
/** File names (x.yaml) of the bad corpus, sorted. */
export const BAD_FILES = readdirSync(BAD_DIR).filter((f) => f.endsWith(".yaml")).sort();
