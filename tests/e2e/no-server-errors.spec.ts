import { expect, test, type APIRequestContext } from '@playwright/test';
import { ACTIONS } from '../../src/lib/server/access';
import { PASSWORD } from './helpers';

/**
 * A sweep over every form action (the access table lists them all, so a new one is swept too) and
 * every JSON API route, for each role and anonymous: bodies a browser would never send must get a
 * clear 4xx, never a 500 (a chunked body past the limit is hardening.spec.ts's). This file's own
 * accounts, so "sign out other devices" and the like touch no one else.
 */

const BODIES: [type: string, body: string][] = [
  ['application/json', '{'],
  ['application/json', '{"module":"conduct","answer":[1,{"x":null}]}'],
  ['text/plain', 'module=conduct'],
  ['multipart/form-data; boundary=zz', '--zz\r\nContent-Disposition: form-data; name="x"\r\n\r\n1'],
  ['application/x-www-form-urlencoded', '%E0%A4%A=%&module=%FF'],
];

const API: [method: string, path: string][] = [
  ['POST', '/api/v1/attempts'],
  ['GET', '/api/v1/attempts/1'],
  ['PUT', '/api/v1/attempts/1/responses/conduct-001'],
  ['POST', '/api/v1/attempts/1/responses/conduct-001/check'],
  ['POST', '/api/v1/attempts/1/submit'],
  ['POST', '/api/v1/assignments'],
  ['GET', '/api/v1/assignments?employeeNo=%00'],
  ['DELETE', '/api/v1/assignments/1'],
  ['GET', '/api/v1/me/assignments'],
  ['GET', '/api/v1/reviews?month=2026-13&team=x'],
  ['GET', '/api/v1/scores?page=-1'],
];

const own: Record<string, string> = {};
test.beforeAll(async () => {
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  const { createUser } = await import('../../src/lib/server/users');
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  for (const role of ['learner', 'supervisor', 'hr', 'admin'] as const) {
    own[role] = `sweep-${role}-${run}`;
    await createUser(null, { username: own[role], name: own[role], role, password: PASSWORD });
  }
});

async function sweep(request: APIRequestContext, origin: string, who: string) {
  const failures: string[] = [];
  const check = (what: string, status: number) => status >= 500 && failures.push(`${who} ${what}: ${status}`);
  for (const name of Object.keys(ACTIONS)) {
    // As bytes: Playwright would send a string of type JSON JSON-encoded (`"{"`, which parses).
    for (const [type, data] of BODIES) check(`${name} ${type} ${data}`, (await request.post(`/_actions/${name}`, { headers: { origin, 'content-type': type }, data: Buffer.from(data) })).status());
    // The same action posted by a page's form (Astro parses it on the page's route).
    check(`/learn?_action=${name} JSON {`, (await request.post(`/learn?_action=${name}`, { headers: { origin, 'content-type': 'application/json' }, data: Buffer.from('{') })).status());
  }
  for (const [method, path] of API) {
    for (const [type, data] of BODIES) {
      const init = method === 'GET' ? {} : { headers: { origin, 'content-type': type }, data: Buffer.from(data) };
      check(`${method} ${path} ${type} ${data}`, (await request.fetch(path, { method, ...init })).status());
    }
  }
  return failures;
}

test('every action and API route answers a malformed body with a 4xx, for every role', async ({ playwright, baseURL }) => {
  test.setTimeout(180_000);
  const origin = new URL(baseURL!).origin;
  const failures: string[] = [];
  for (const who of ['anonymous', ...Object.keys(own)]) {
    const request = await playwright.request.newContext({ baseURL });
    if (who !== 'anonymous') {
      const signedIn = await request.post('/api/v1/session', { headers: { origin }, data: { username: own[who], password: PASSWORD } });
      expect(signedIn.status(), who).toBe(200);
    }
    failures.push(...(await sweep(request, origin, who)));
    await request.dispose();
  }
  expect(failures).toEqual([]);
});
