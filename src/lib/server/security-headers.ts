/**
 * Headers every response carries (DESIGN "Security baseline"). Pages get their Content-Security-Policy
 * from Astro (`security.csp` in astro.config.mjs, with script and style hashes); any other response
 * (JSON, a redirect, a plain error page) gets `FALLBACK_CSP`, which allows nothing but inline style.
 */
const FALLBACK_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** One year, the usual HSTS lifetime; only sent when ACADEMY_HSTS=1 (the site is served over HTTPS only). */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The headers for one response. `no-store` when signed in: a shared desk PC must not show the last
 * user's scores from its cache (or the back button) after sign-out.
 */
export function securityHeaders(input: { signedIn: boolean; hasCsp: boolean; hsts?: boolean }): Record<string, string> {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
  };
  if (!input.hasCsp) headers['content-security-policy'] = FALLBACK_CSP;
  if (input.signedIn) headers['cache-control'] = 'no-store';
  if (input.hsts ?? process.env.ACADEMY_HSTS === '1') headers['strict-transport-security'] = HSTS;
  return headers;
}
