import { en } from './en';
import { fillMessage } from './format';
import { zhCN, type MessageKey } from './zh-CN';

export type Locale = 'zh-CN' | 'en';
export type { MessageKey };

const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/**
 * What a message is filled with: text, a number (a count may choose a plural), or a list of items,
 * which the translator runs together in the reader's punctuation (`listText`), so services and
 * errors pass lists, not text already joined in one language.
 */
export type MessageParams = Record<string, string | number | readonly string[]>;

/**
 * A translator for one locale: `t('login.throttled', { seconds: 4 })`. A message may word a count
 * with `{n, plural, one {…} other {…}}` (English does wherever a noun follows a count; see format.ts).
 */
export function translator(locale: Locale) {
  const messages = catalogues[locale];
  return (key: MessageKey, params?: MessageParams): string => fillMessage(messages[key] ?? key, locale, params && listsJoined(locale, params));
}

/** The params with every list run together for the locale. */
function listsJoined(locale: Locale, params: MessageParams): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? listText(locale, value) : value]));
}

const listFormats = new Map<Locale, Intl.ListFormat>();

/** Items run together in the reader's punctuation: 甲、乙、丙 in Chinese, "A, B, C" in English (an enumeration, no "and"). */
export function listText(locale: Locale, items: readonly string[]): string {
  let format = listFormats.get(locale);
  if (!format) listFormats.set(locale, (format = new Intl.ListFormat(locale, { type: 'conjunction', style: 'narrow' })));
  return format.format(items);
}

/** Narrows any string to a supported locale, falling back to Chinese. */
export function asLocale(value: string | null | undefined): Locale {
  return value === 'en' ? 'en' : 'zh-CN';
}
