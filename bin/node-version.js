// The Node.js versions switchyard runs on are package.json's `engines.node`, read from there so
// that they are written once. A range is `^X.Y.Z` and `>=X.Y.Z` parts joined by `||`, the forms
// that field uses (npm's semver: `^22.12.0` is >=22.12.0 <23.0.0).
// Older Node.js fails far from the cause (undici's `reading 'bind'` in a test worker on Node 20),
// so a switchyard started on one, by any route, refuses up front with one line.

const parse = (v) => v.replace(/^v/, "").split(".").map((n) => Number.parseInt(n, 10) || 0);
const atLeast = (a, b) => {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

/** Whether `version` (process.versions.node) satisfies `range`. */
function supports(version, range) {
  const v = parse(version);
  return range.split("||").some((part) => {
    const p = part.trim();
    if (p.startsWith("^")) {
      const min = parse(p.slice(1));
      return v[0] === min[0] && atLeast(v, min);
    }
    if (p.startsWith(">=")) return atLeast(v, parse(p.slice(2)));
    throw new Error(`package.json engines.node: cannot read "${p}" (write ^X.Y.Z or >=X.Y.Z parts joined by ||)`);
  });
}

/** The one line a switchyard on an unsupported Node.js prints, or undefined when it is supported. */
function unsupportedNode(version, range) {
  if (supports(version, range)) return undefined;
  const wanted = range.split("||").map((p) => p.trim().replace(/^\^(\d+)\.(\d+)\.(\d+)$/, "$1 ($1.$2.$3 or later)").replace(/^>=(\d+)\.0\.0$/, "$1 or later")).join(", or ");
  return `switchyard: Node.js ${version} is not supported; run it on Node.js ${wanted} (npm scripts and npx switchyard in this project bring Node.js 24 from its devDependencies)\n`;
}

module.exports = { supports, unsupportedNode };
