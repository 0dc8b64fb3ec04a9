import { ActionError, isInputError } from 'astro:actions';
import type { MessageKey } from '../i18n';
import { actionVerdict } from '../lib/server/access';
import type { SessionUser } from '../lib/server/auth/session';
import { isMessageKey, ServiceError, type ErrorParams } from '../lib/server/errors';

/**
 * Shared by every action module. It lives apart from index.ts because index.ts imports the action
 * modules, and those need these helpers: importing them from index.ts would be circular.
 *
 * An ActionError carries only a code and a message, so the message is the catalogue key with its
 * parameters as a query string (`login.throttled?seconds=4`, a list as the name repeated:
 * `?teams=A&teams=B`); `errorMessages` reads it back.
 */

/** A typed action error whose message is a catalogue key with parameters. */
export function actionError(key: MessageKey, status: number, params: ErrorParams = {}): ActionError {
  const query = new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (typeof v === 'object' ? v.map((item) => [k, item]) : [[k, String(v)]]))).toString();
  return new ActionError({ code: ActionError.statusToCode(status), message: query ? `${key}?${query}` : key });
}

/** The one mapping of a service refusal to a form action's error; anything else is rethrown (a bug, 500). */
export function refuse(error: unknown): never {
  if (error instanceof ServiceError) throw actionError(error.key, error.status, error.params);
  throw error;
}

/**
 * The signed-in user allowed to run this action by the access table (the middleware has already
 * applied it; asking again here keeps a handler safe on its own and narrows the type).
 */
export function actingUser(locals: App.Locals, action: string): SessionUser {
  const verdict = actionVerdict(action, locals.user);
  if (!locals.user || verdict === 'sign-in') throw actionError('login.expired', 401);
  if (verdict !== 'allow') throw actionError('forbidden.body', 403);
  return locals.user;
}

function decode(message: string | undefined, fallback: MessageKey): { key: MessageKey; params: ErrorParams } {
  const [key, query] = (message ?? '').split('?', 2);
  if (!isMessageKey(key)) return { key: fallback, params: {} };
  const search = new URLSearchParams(query ?? '');
  return { key, params: Object.fromEntries([...new Set(search.keys())].map((name) => [name, search.getAll(name).length > 1 ? search.getAll(name) : search.get(name)!])) };
}

/**
 * The messages a page shows for a failed form action, in the user's language: one per distinct
 * input problem (our schemas use catalogue keys as their messages), else the error's own key, with
 * its parameters and `extra` filled in. Anything that is not a key (a zod default, Astro's own
 * English text) becomes `fallback`, so a page never shows raw internals.
 */
export function errorMessages(error: ActionError, t: App.Locals['t'], extra: ErrorParams = {}, fallback: MessageKey = 'common.badInput'): string[] {
  const raw = isInputError(error) ? error.issues.map((issue) => issue.message) : [error.message];
  const texts = raw.map((message) => {
    const { key, params } = decode(message, fallback);
    return t(key, { ...extra, ...params });
  });
  return [...new Set(texts)];
}
