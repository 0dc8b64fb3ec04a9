import { isIP } from 'node:net';

/**
 * The address sign-in throttling counts against. Without `ACADEMY_TRUSTED_PROXY` it is the socket's
 * peer (Astro already ignores `X-Forwarded-For` unless `security.allowedDomains` is set, which we do
 * not). With `ACADEMY_TRUSTED_PROXY=10.0.0.2,10.0.0.3` (the TLS proxies in front of the app, exact
 * addresses), and only for a connection from one of them, it is the right-most `X-Forwarded-For`
 * entry that is not itself a trusted proxy: the one our own proxy appended, which a client cannot
 * forge. A malformed entry fails closed to the proxy's address.
 */
export function clientAddressOf(peer: string, forwardedFor: string | null, trusted = trustedProxies()): string {
  const from = normalise(peer);
  if (!trusted.has(from) || !forwardedFor) return from;
  const hops = forwardedFor.split(',').map((hop) => normalise(hop.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    if (isIP(hops[i]) === 0) return from;
    if (!trusted.has(hops[i])) return hops[i];
  }
  return from;
}

/** The proxies whose `X-Forwarded-For` we believe, from `ACADEMY_TRUSTED_PROXY` (comma-separated addresses). */
export function trustedProxies(value = process.env.ACADEMY_TRUSTED_PROXY): Set<string> {
  return new Set((value ?? '').split(',').map((a) => normalise(a.trim())).filter((a) => isIP(a) !== 0));
}

/** `::ffff:10.0.0.2` (an IPv4 peer on a dual-stack socket) is `10.0.0.2`. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
