import { isIP } from 'node:net';

/**
 * What kind of network an address is on. Media named by a feed or a sheet may only be fetched from
 * 'public' addresses, or from the kind the feed or sheet itself lives on (a feed on localhost may
 * name media on localhost), or from any with --allow-private-media.
 */
export type AddressKind = 'public' | 'loopback' | 'link-local' | 'private';

export const INTERNAL_KINDS: readonly AddressKind[] = ['loopback', 'link-local', 'private'];

function v4Kind(a: number, b: number, c: number): AddressKind {
  if (a === 127 || a === 0) return 'loopback'; // 0.0.0.0 reaches this host on Linux
  if (a === 169 && b === 254) return 'link-local'; // cloud metadata lives here
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'private'; // carrier-grade NAT
  // Benchmarking, IETF assignments and the three documentation networks: never a media host.
  if (a === 198 && (b === 18 || b === 19)) return 'private';
  if ((a === 192 && b === 0 && (c === 0 || c === 2)) || (a === 198 && b === 51 && c === 100))
    return 'private';
  if (a === 203 && b === 0 && c === 113) return 'private';
  if (a >= 224) return 'private'; // multicast, reserved, broadcast
  return 'public';
}

function parseV4(text: string): [number, number, number] {
  const [a = 0, b = 0, c = 0] = text.split('.').map(Number);
  return [a, b, c];
}

/** The eight 16-bit groups of an IPv6 address (net.isIP has checked it). */
function groups(text: string): number[] {
  let tail: number[] = [];
  let body = text;
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.', lastColon)) {
    const [a = 0, b = 0, c = 0, d = 0] = body
      .slice(lastColon + 1)
      .split('.')
      .map(Number);
    tail = [(a << 8) | b, (c << 8) | d];
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', rest] = body.split('::');
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)));
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const fill = new Array(8 - left.length - right.length).fill(0);
  const all = rest === undefined ? left : [...left, ...fill, ...right];
  if (tail.length) all.splice(6, 2, ...tail);
  return all;
}

function v6Kind(text: string): AddressKind {
  const g = groups(text.toLowerCase());
  // An IPv4 address inside IPv6: two 16-bit groups hold its four octets.
  const v4 = (hi: number, lo: number) => v4Kind(hi >> 8, hi & 0xff, lo >> 8);
  const zeros = (n: number, from = 0) => g.slice(from, n).every((x) => x === 0);
  if (zeros(7) && (g[7] === 0 || g[7] === 1)) return 'loopback'; // ::, ::1
  if (zeros(5) && g[5] === 0xffff) return v4(g[6]!, g[7]!); // ::ffff:a.b.c.d
  if (zeros(6)) return v4(g[6]!, g[7]!); // ::a.b.c.d (deprecated form)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(6, 2)) return v4(g[6]!, g[7]!); // NAT64
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!); // 6to4
  const first = g[0]!;
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfec0 || (first & 0xff00) === 0xff00)
    return 'private';
  return 'public';
}

/** The kind of an IP address, or undefined when the text is not one (a host name). */
export function addressKind(host: string): AddressKind | undefined {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const version = isIP(bare);
  if (version === 4) {
    const [a, b, c] = parseV4(bare);
    return v4Kind(a, b, c);
  }
  if (version === 6) return v6Kind(bare.replace(/%.*$/, ''));
  return undefined;
}

/** The kind of a host name that never reaches DNS: `localhost` and `*.localhost` are this machine. */
export function nameKind(host: string): AddressKind | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost') ? 'loopback' : addressKind(host);
}
