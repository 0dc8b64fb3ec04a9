import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/lib/server/auth/session';
import { createUser } from '../../src/lib/server/users';
import { runMiddleware } from '../helpers/middleware';

/**
 * The security headers as the real middleware sets them on a response that carries no CSP of its own
 * (JSON, a redirect, a plain error): the fallback CSP, nosniff, referrer and framing rules always;
 * `no-store` only when signed in; HSTS only when ACADEMY_HSTS=1. (The e2e test reads them on a real
 * page, where Astro supplies the CSP.)
 */
let token = '';
beforeAll(async () => {
  const id = await createUser(null, { username: 'header-reader', name: '读', role: 'learner', password: 'a long enough password' });
  token = (await createSession(id)).token;
});
afterEach(() => {
  delete process.env.ACADEMY_HSTS;
});

const json = () => Promise.resolve(Response.json({ ok: true }));

describe('security headers', () => {
  it.each([
    ['signed out', false, undefined, { 'cache-control': null, 'strict-transport-security': null }],
    ['signed in', true, undefined, { 'cache-control': 'no-store', 'strict-transport-security': null }],
    ['signed in, ACADEMY_HSTS=1', true, '1', { 'cache-control': 'no-store', 'strict-transport-security': 'max-age=31536000; includeSubDomains' }],
    ['signed out, ACADEMY_HSTS=1', false, '1', { 'cache-control': null, 'strict-transport-security': 'max-age=31536000; includeSubDomains' }],
    ['ACADEMY_HSTS=0', true, '0', { 'cache-control': 'no-store', 'strict-transport-security': null }],
  ] as const)('%s', async (_, signedIn, hsts, expected) => {
    if (hsts !== undefined) process.env.ACADEMY_HSTS = hsts;
    const { response } = await runMiddleware('/api/v1/me/assignments', { token: signedIn ? token : undefined, route: json });
    const h = response.headers;
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('referrer-policy')).toBe('same-origin');
    expect(h.get('x-frame-options')).toBe('DENY');
    expect(h.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(h.get('content-security-policy')).toContain("default-src 'none'");
    for (const [name, value] of Object.entries(expected)) expect(h.get(name), name).toBe(value);
  });

  it('a response with its own CSP keeps it', async () => {
    const page = () => Promise.resolve(new Response('<p>page</p>', { headers: { 'content-type': 'text/html', 'content-security-policy': "script-src 'self'" } }));
    const { response } = await runMiddleware('/login', { route: page });
    expect(response.headers.get('content-security-policy')).toBe("script-src 'self'");
  });
});
