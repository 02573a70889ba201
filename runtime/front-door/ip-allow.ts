/**
 * Is an address inside one of a key's `allowedIps` CIDRs? IPv4 and IPv6 (compressed `::`
 * forms, embedded IPv4 tails, IPv4-mapped `::ffff:a.b.c.d` treated as the IPv4 address).
 * Pure: no Worker globals, so Node tests call it directly.
 */
interface ParsedAddress {
  family: 4 | 6;
  value: bigint;
}

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  let head = text;
  let tailV4: bigint | undefined;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    tailV4 = parseIPv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): string[] => (s === "" ? [] : s.split(":"));
  const left = groupsOf(halves[0]);
  const right = halves.length === 2 ? groupsOf(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...right];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  if (tailV4 !== undefined) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;

/** Parses an IPv4 or IPv6 address; IPv4-mapped IPv6 addresses come back as IPv4. */
export function parseAddress(text: string): ParsedAddress | undefined {
  const trimmed = text.trim().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const v4 = parseIPv4(trimmed);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIPv6(trimmed);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === V4_MAPPED_PREFIX >> 32n) return { family: 4, value: v6 & 0xffffffffn };
  return { family: 6, value: v6 };
}

/** True when `address` lies in `cidr` ("10.0.0.0/8", "2001:db8::/32", or a bare address). */
export function inCidr(address: string, cidr: string): boolean {
  const [base, prefixText] = cidr.split("/");
  const ip = parseAddress(address);
  const net = parseAddress(base);
  if (!ip || !net || ip.family !== net.family) return false;
  const bits = ip.family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return false;
  const shift = BigInt(bits - prefix);
  return ip.value >> shift === net.value >> shift;
}

/** A key without `allowedIps` may be used from anywhere; otherwise the address must match one. */
export function addressAllowed(address: string | null, allowedIps: readonly string[] | undefined): boolean {
  if (!allowedIps) return true;
  if (!address) return false;
  return allowedIps.some((cidr) => inCidr(address, cidr));
}
