import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../db/schema';
import { server } from '../../src/actions/index';
import { ACTIONS, HOME, navFor, routeRule, ROUTES, type Audience } from '../../src/lib/server/access';
import { createSession } from '../../src/lib/server/auth/session';
import { createUser } from '../../src/lib/server/users';
import { runMiddleware } from '../helpers/middleware';

/**
 * The access table against reality: every route file under src/pages and every action exported
 * from src/actions has an entry, and the middleware, run for real, lets exactly the table's roles
 * through for each of them (and sends everyone else to sign in, or answers 401/403).
 */

const PAGES = fileURLToPath(new URL('../../src/pages', import.meta.url));

/** Parameters whose value decides access (the downloads take a token): one sample per value the route serves. */
const PARAM_VALUES: Record<string, string[]> = { format: ['csv', 'xlsx'] };

/**
 * Route files as Astro sees them: `learn/[module]/index.astro` → pattern `/learn/[module]`, sample
 * `/learn/x1`; `reports/monthly.[format].ts` → samples `/reports/monthly.csv` and `.xlsx`.
 */
function routeFiles(dir = PAGES): { file: string; pattern: string; sample: string; api: boolean }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    if (!/\.(astro|ts|md|mdx|js)$/.test(name)) return [];
    const rel = path.relative(PAGES, full).replace(/\\/g, '/').replace(/\.(astro|ts|md|mdx|js)$/, '');
    const pattern = '/' + rel.replace(/(^|\/)index$/, '');
    const known = Object.keys(PARAM_VALUES).find((param) => pattern.includes(`[${param}]`));
    const filled = known ? PARAM_VALUES[known].map((value) => pattern.replace(`[${known}]`, value)) : [pattern];
    return filled.map((one) => {
      const sample = one.replace(/\[\.\.\.[^\]]+\]/g, 'a/b').replace(/\[[^\]]+\]/g, 'x1');
      return { file: rel, pattern: pattern === '/' ? '/' : pattern.replace(/\/$/, ''), sample: sample === '' ? '/' : sample, api: pattern.startsWith('/api/') };
    });
  });
}

/** Dotted names of every action: `admin.createUser`, `signIn`, … */
function actionNames(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const name = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'function' ? [name] : actionNames(value as object, name);
  });
}

const routes = routeFiles();
const actions = actionNames(server);
const tokens = new Map<Role, string>();

beforeAll(async () => {
  for (const role of ROLES) {
    const id = await createUser(null, { username: `table-${role}`, name: role, role, password: 'a long enough password' });
    tokens.set(role, (await createSession(id)).token);
  }
});

async function visit(pathname: string, role: Role | null, method = 'GET') {
  return runMiddleware(pathname, { token: role ? tokens.get(role) : undefined, method });
}

function allows(audience: Audience, role: Role | null): boolean {
  if (audience === 'public' || audience === 'bearer') return true;
  return role !== null && audience.includes(role);
}

describe('the route table', () => {
  it.each(routes.map((r) => [r.file, r]))('has an entry for src/pages/%s', (_file, route) => {
    const rule = routeRule(route.sample);
    expect(rule, `add ${route.pattern} to ROUTES in src/lib/server/access.ts`).toBeDefined();
  });

  it('has no entry that covers no route file', () => {
    const stale = ROUTES.filter((rule) => !routes.some((r) => routeRule(r.sample) === rule));
    expect(stale.map((r) => r.prefix)).toEqual([]);
  });

  it('sends every role home to a page that role may open', () => {
    for (const role of ROLES) expect(allows(routeRule(HOME[role])!.audience, role)).toBe(true);
  });

  it('offers each role only nav links it may open', () => {
    for (const role of ROLES) for (const link of navFor(role)) expect(allows(routeRule(link.href)!.audience, role)).toBe(true);
  });
});

describe('the middleware applies the route table', () => {
  const cases = routes.flatMap((route) => [null, ...ROLES].map((role) => [route.pattern, role ?? 'anonymous', route, role] as const));
  it.each(cases)('%s as %s', async (_pattern, _who, route, role) => {
    const audience = routeRule(route.sample)!.audience;
    const { reached, response } = await visit(route.sample, role);
    // A download that takes a token sends a person without a session to sign in, like any page.
    const signInFirst = audience === 'bearer' && role === null && !route.api;
    if (allows(audience, role) && !signInFirst) {
      expect(reached).toBe(true);
      return;
    }
    expect(reached).toBe(false);
    if (role === null) {
      if (route.api) expect(response.status).toBe(401);
      else expect([response.status, response.headers.get('location')]).toEqual([303, `/login?next=${encodeURIComponent(route.sample)}`]);
    } else expect(response.status).toBe(403);
  });
});

describe('the action table', () => {
  it('names exactly the actions src/actions exports', () => {
    expect(Object.keys(ACTIONS).sort()).toEqual([...actions].sort());
  });

  const cases = actions.flatMap((name) => [null, ...ROLES].map((role) => [name, role ?? 'anonymous', role] as const));
  it.each(cases)('%s as %s is run only when the table allows it', async (name, _who, role) => {
    const { reached, response } = await visit(`/_actions/${name}`, role, 'POST');
    expect(reached).toBe(allows(ACTIONS[name].audience, role));
    if (!reached) expect(response.status).toBe(role === null ? 401 : 403);
  });

  it.each(['admin', 'learning', 'nope', 'admin.nope', 'constructor', '__proto__'])('refuses the unknown action %s with 404', async (name) => {
    const { reached, response } = await visit(`/_actions/${name}`, 'admin', 'POST');
    expect(reached).toBe(false);
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('unknown_action');
  });

  it('refuses an unknown form action posted to a page', async () => {
    const { reached, response } = await visit('/login?_action=admin', null, 'POST');
    expect(reached).toBe(false);
    expect(response.status).toBe(404);
  });
});

describe('what the table says, spelled out', () => {
  it.each([
    ['/admin/users', 'learner', false],
    ['/admin/users', 'supervisor', false],
    ['/admin/users', 'hr', false],
    ['/admin/users', 'admin', true],
    ['/team', 'learner', false],
    ['/team', 'hr', true],
    ['/team', 'supervisor', true],
    ['/reports', 'learner', false],
    ['/reports', 'supervisor', false],
    ['/reports', 'hr', true],
    ['/learn', 'learner', true],
    ['/quiz/attempt/1', 'hr', true],
  ] as const)('%s for a %s: %s', async (pathname, role, allowed) => {
    expect((await visit(pathname, role)).reached).toBe(allowed);
  });
});
