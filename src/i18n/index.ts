import { en } from './en';
import { fillMessage } from './format';
import { zhCN, type MessageKey } from './zh-CN';

export type Locale = 'zh-CN' | 'en';
export type { MessageKey };

const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/**
 * A translator for one locale: `t('login.throttled', { seconds: 4 })`. A message may word a count
 * with `{n, plural, one {…} other {…}}` (English does wherever a noun follows a count; see format.ts).
 */
export function translator(locale: Locale) {
  const messages = catalogues[locale];
  return (key: MessageKey, params?: Record<string, string | number>): string => fillMessage(messages[key] ?? key, locale, params);
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
