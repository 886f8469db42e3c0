import { addressBucket, clientAddress } from './client-address';

describe('clientAddress', () => {
  it('uses the TCP peer unless proxies are trusted', () => {
    expect(clientAddress('10.0.0.9', '6.6.6.6', 0)).toBe('10.0.0.9');
    expect(clientAddress('10.0.0.9', undefined, 1)).toBe('10.0.0.9');
  });

  it('takes the entry the trusted proxies saw, never what the client wrote before it', () => {
    expect(clientAddress('10.0.0.9', '6.6.6.6, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.9', ['6.6.6.6', '203.0.113.7, 10.0.0.8'], 2)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.9', '203.0.113.7', 5)).toBe('203.0.113.7');
  });

  it('buckets IPv6 by /64 and unwraps IPv4-mapped addresses', () => {
    expect(addressBucket('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
  });
});
