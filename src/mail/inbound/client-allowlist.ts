import { isIP } from 'node:net';

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) compares as `10.0.0.1`. */
function normalise(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

function ipv4ToInt(a: string): number {
  return a.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function inCidr(address: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (isIP(base) !== 4 || isIP(address) !== 4 || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  if (bits === 0) return true;
  const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
  return (ipv4ToInt(address) & mask) >>> 0 === (ipv4ToInt(base) & mask) >>> 0;
}

/**
 * Whether a connecting client may deliver mail: an empty list allows everyone; entries are exact
 * addresses (IPv4 or IPv6) or IPv4 CIDR ranges (a mail relay's subnet).
 */
export function isAllowedClient(remoteAddress: string | undefined, allowlist: readonly string[]): boolean {
  if (allowlist.length === 0) return true;
  if (!remoteAddress) return false;
  const address = normalise(remoteAddress);
  return allowlist.some((entry) =>
    entry.includes('/') ? inCidr(address, entry.trim()) : normalise(entry) === address,
  );
}
