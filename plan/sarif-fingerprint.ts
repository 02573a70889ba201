/**
 * GitHub code scanning's `primaryLocationLineHash`, computed as github/codeql-action computes it
 * when an upload lacks one (src/fingerprints.ts at v4.36.2, `hash`): a rolling hash (base 37,
 * 64-bit wrapping) over the first 100 characters from each line's start, spaces and tabs skipped,
 * line endings normalised to \n, the file ended by a 65535 and zeros; a line whose hash repeats
 * gets `:2`, `:3`... Computing the same value means the upload neither warns ("inconsistent
 * fingerprint") nor differs from what GitHub would store.
 */
const BLOCK_SIZE = 100;
const MOD = 37n;
const MASK = (1n << 64n) - 1n;
const FIRST_MOD = MOD ** BigInt(BLOCK_SIZE) & MASK;
const [TAB, SPACE, LF, CR, EOF] = [9, 32, 10, 13, 65535];

/** Every line's hash, by 1-based line number. */
export function lineHashes(text: string): Map<number, string> {
  const hashes = new Map<number, string>();
  const window: number[] = Array(BLOCK_SIZE).fill(0);
  const lineNumbers: number[] = Array(BLOCK_SIZE).fill(-1);
  const counts = new Map<string, number>();
  let hash = 0n;
  let index = 0;
  let lineNumber = 0;
  let lineStart = true;
  let prevCR = false;
  const output = () => {
    const value = hash.toString(16);
    const n = (counts.get(value) ?? 0) + 1;
    counts.set(value, n);
    hashes.set(lineNumbers[index] as number, `${value}:${n}`);
    lineNumbers[index] = -1;
  };
  const update = (current: number) => {
    const begin = window[index] as number;
    window[index] = current;
    hash = (MOD * hash + BigInt(current) - FIRST_MOD * BigInt(begin)) & MASK;
    index = (index + 1) % BLOCK_SIZE;
  };
  const processCharacter = (code: number) => {
    let current = code;
    if (current === SPACE || current === TAB || (prevCR && current === LF)) {
      prevCR = false;
      return;
    }
    if (current === CR) {
      current = LF;
      prevCR = true;
    } else prevCR = false;
    if (lineNumbers[index] !== -1) output();
    if (lineStart) {
      lineStart = false;
      lineNumber++;
      lineNumbers[index] = lineNumber;
    }
    if (current === LF) lineStart = true;
    update(current);
  };
  for (let i = 0; i < text.length; i++) processCharacter(text.charCodeAt(i));
  processCharacter(EOF);
  for (let i = 0; i < BLOCK_SIZE; i++) {
    if (lineNumbers[index] !== -1) output();
    update(0);
  }
  return hashes;
}
