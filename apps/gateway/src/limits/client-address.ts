import { isIPv6 } from 'node:net';

/**
 * The address rate limits count by. Behind `trustedHops` proxies, each appending the
 * address it saw to X-Forwarded-For, the client is the entry that many places left of
 * the TCP peer (what Express and Fastify call `trustProxy: <hops>`); entries further
 * left are the client's own claims and never trusted. With 0 hops the header is ignored.
 *
 * IPv6 addresses count by their /64: one subscriber usually holds a whole /64 and could
 * otherwise rotate through 2^64 addresses.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedHops: number,
): string {
  const chain = [
    ...[forwardedFor ?? []]
      .flat()
      .flatMap((header) => header.split(','))
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
    peer ?? 'unknown',
  ];
  const address = chain[Math.max(0, chain.length - 1 - trustedHops)]!;
  return addressBucket(address);
}

export function addressBucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0');
  return [...left, ...(tail === undefined ? [] : zeros), ...right].map((group) =>
    (parseInt(group, 16) || 0).toString(16),
  );
}
