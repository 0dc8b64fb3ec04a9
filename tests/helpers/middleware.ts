import type { APIContext } from 'astro';
import { AUTH } from '../../src/lib/server/auth/config';
import { onRequest } from '../../src/middleware';

export interface Visit {
  /** Session token to send as the cookie, if any. */
  token?: string;
  method?: string;
  headers?: Record<string, string>;
  /** What the route does when the middleware lets the request through (default: answers 200). */
  route?: () => Promise<Response>;
}

/**
 * Runs the app's real middleware (src/middleware.ts) on one request with a minimal Astro context,
 * against the test's real database. `reached` says whether the route would have run.
 */
export async function runMiddleware(pathAndQuery: string, visit: Visit = {}): Promise<{ reached: boolean; response: Response; locals: App.Locals }> {
  const url = new URL(`http://academy.test${pathAndQuery}`);
  const jar = new Map<string, string>(visit.token ? [[AUTH.cookieName, visit.token]] : []);
  const locals = {} as App.Locals;
  const context = {
    url,
    request: new Request(url, { method: visit.method ?? 'GET', headers: { origin: url.origin, ...visit.headers } }),
    locals,
    params: {},
    routePattern: url.pathname.startsWith('/_actions/') ? '/_actions/[...path]' : url.pathname,
    cookies: { get: (name: string) => (jar.has(name) ? { value: jar.get(name)! } : undefined), delete: (name: string) => jar.delete(name), set: () => {} },
    redirect: (to: string, status = 302) => new Response(null, { status, headers: { location: to } }),
  } as unknown as APIContext;
  let reached = false;
  const response = (await onRequest(context, async () => {
    reached = true;
    return visit.route ? visit.route() : new Response('route ran');
  })) as Response;
  return { reached, response, locals };
}
