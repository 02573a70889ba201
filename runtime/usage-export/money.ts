/**
 * Exact US dollars. The ledger keeps money as decimal text ("0.0203", "0.000000000123"): an
 * integer number of 10^-scale dollars, summed with BigInt, so no cost is ever rounded away and
 * any order of additions gives the same bytes. A gateway cost arrives as a JSON number; its
 * shortest decimal form (what String() prints, which round-trips) is taken as the exact amount.
 */

/** Canonical decimal text: digits, an optional fraction without trailing zeros, no exponent. */
export const USD_TEXT = /^-?(0|[1-9]\d*)(\.\d*[1-9])?$/;

type Fixed = { units: bigint; scale: number };

/** Recently parsed amounts: gateway costs repeat (one price per model and token count). */
const parsed = new Map<string, Fixed>();

function parse(text: string): Fixed {
  let fixed = parsed.get(text);
  if (fixed) return fixed;
  if (parsed.size >= 4096) parsed.clear();
  fixed = parseText(text);
  parsed.set(text, fixed);
  return fixed;
}

function parseText(text: string): Fixed {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m) throw new Error(`not a decimal amount: ${text}`);
  let digits = m[2] + (m[3] ?? "");
  let scale = (m[3]?.length ?? 0) - Number(m[4] ?? 0);
  if (scale < 0) {
    digits += "0".repeat(-scale);
    scale = 0;
  }
  return { units: BigInt(m[1] + digits), scale };
}

function format({ units, scale }: Fixed): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== "0" ? `-${text}` : text;
}

const rescale = (a: Fixed, scale: number): bigint => a.units * 10n ** BigInt(scale - a.scale);

/** The exact amount a JSON number stands for, or undefined when it is not a finite number. */
export function usdOf(value: number): string | undefined {
  return Number.isFinite(value) ? format(parse(String(value))) : undefined;
}

/** A running exact sum: parse once per addend, format once at the end. */
export class UsdSum {
  private sum: Fixed = { units: 0n, scale: 0 };
  constructor(start = "0") {
    this.sum = parse(start);
  }
  add(text: string): this {
    const b = parse(text);
    const scale = Math.max(this.sum.scale, b.scale);
    this.sum = { units: rescale(this.sum, scale) + rescale(b, scale), scale };
    return this;
  }
  toString(): string {
    return format(this.sum);
  }
}

/** `usd` times a whole number, exactly. */
export function usdTimes(usd: string, times: number): string {
  const x = parse(usd);
  return format({ units: x.units * BigInt(times), scale: x.scale });
}

export function compareUsd(a: string, b: string): number {
  const [x, y] = [parse(a), parse(b)];
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** For display only: rounded half away from zero to `decimals` places. */
export function roundUsd(text: string, decimals: number): string {
  const x = parse(text);
  let units = rescale(x, Math.max(x.scale, decimals));
  if (x.scale > decimals) {
    const drop = 10n ** BigInt(x.scale - decimals);
    units = units < 0n ? -((-units + drop / 2n) / drop) : (units + drop / 2n) / drop;
  }
  const out = format({ units, scale: decimals });
  const [whole, fraction = ""] = out.split(".");
  return decimals ? `${whole}.${fraction.padEnd(decimals, "0")}` : whole;
}
