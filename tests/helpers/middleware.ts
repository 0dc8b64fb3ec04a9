import type { APIContext } from 'astro';
import { AUTH } from '../../src/lib/server/auth/config';
import { onRequest } from '../../src/middleware';

export interface Visit {
  /** Session token to send as the cookie, if any. */
  token?: string;
  method?: string;
  headers?: Record<string, string>;
  /** The body of a POST (default: an empty form, as a browser's form post sends). */
  body?: BodyInit;
  /** What the route does when the middleware lets the request through (default: answers 200). */
  route?: (request: Request) => Promise<Response>;
}

function requestFor(url: URL, { method = 'GET', headers, body }: Visit): Request {
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers: { origin: url.origin, ...headers } });
  const init = { method, headers: { origin: url.origin, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: body ?? '', duplex: 'half' };
  return new Request(url, init as RequestInit);
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
    request: requestFor(url, visit),
    locals,
    params: {},
    routePattern: url.pathname.startsWith('/_actions/') ? '/_actions/[...path]' : url.pathname,
    cookies: { get: (name: string) => (jar.has(name) ? { value: jar.get(name)! } : undefined), delete: (name: string) => jar.delete(name), set: () => {} },
    redirect: (to: string, status = 302) => new Response(null, { status, headers: { location: to } }),
  } as unknown as APIContext;
  let reached = false;
  const response = (await onRequest(context, async () => {
    reached = true;
    return visit.route ? visit.route(context.request) : new Response('route ran');
  })) as Response;
  return { reached, response, locals };
}
