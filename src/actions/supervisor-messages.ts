import { ActionError } from 'astro:actions';
import type { MessageKey } from '../i18n';
import { errorKeys } from './errors';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * The sentences a page shows for a refused supervisor action: input problems through the catalogue,
 * and a service refusal (`key|name=value…`, see supervisor.ts) with its parameters filled in.
 */
export function refusalLines(error: ActionError, t: Translate): string[] {
  const [key, query] = error.message.split('|');
  if (query !== undefined) {
    const [known] = errorKeys(new ActionError({ code: error.code, message: key }));
    return [t(known, Object.fromEntries(new URLSearchParams(query)))];
  }
  return errorKeys(error).map((k) => t(k));
}
