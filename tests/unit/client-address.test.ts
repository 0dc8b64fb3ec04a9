import { describe, expect, it } from 'vitest';
import { clientAddressOf, trustedProxies } from '../../src/lib/server/auth/client-address';

const proxy = trustedProxies('10.0.0.2, 10.0.0.3 ,not-an-ip');

describe('whose X-Forwarded-For to believe (ACADEMY_TRUSTED_PROXY)', () => {
  it.each([
    ['no proxy configured: the header is ignored', '203.0.113.9', '198.51.100.1', trustedProxies(''), '203.0.113.9'],
    ['a peer that is not our proxy cannot choose its address', '203.0.113.9', '198.51.100.1', proxy, '203.0.113.9'],
    ['our proxy: the hop it appended', '10.0.0.2', '198.51.100.7', proxy, '198.51.100.7'],
    ['a forged left part is skipped: the right-most untrusted hop counts', '10.0.0.2', '1.2.3.4, 198.51.100.7', proxy, '198.51.100.7'],
    ['two proxies in a row are both skipped', '10.0.0.2', '198.51.100.7, 10.0.0.3', proxy, '198.51.100.7'],
    ['a dual-stack peer ::ffff:10.0.0.2 is the proxy', '::ffff:10.0.0.2', '198.51.100.8', proxy, '198.51.100.8'],
    ['IPv6 clients', '10.0.0.2', '2001:db8::1', proxy, '2001:db8::1'],
    ['a malformed hop fails closed to the proxy', '10.0.0.2', '198.51.100.7, evil', proxy, '10.0.0.2'],
    ['our proxy without the header', '10.0.0.2', null, proxy, '10.0.0.2'],
    ['only proxies in the chain', '10.0.0.2', '10.0.0.3', proxy, '10.0.0.2'],
  ])('%s', (_name, peer, header, trusted, expected) => {
    expect(clientAddressOf(peer, header, trusted)).toBe(expected);
  });

  it('reads the trusted list from the environment, ignoring what is not an address', () => {
    expect([...proxy]).toEqual(['10.0.0.2', '10.0.0.3']);
  });
});
