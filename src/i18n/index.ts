import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type Locale = 'zh-CN' | 'en';
export type { MessageKey };

const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** A translator for one locale: `t('login.throttled', { seconds: 4 })`. */
export function translator(locale: Locale) {
  const messages = catalogues[locale];
  return (key: MessageKey, params?: Record<string, string | number>): string => {
    const text = messages[key] ?? key;
    // A page asks for dozens of messages, most without parameters: those are returned as they are.
    return params ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : text;
  };
}

/** Narrows any string to a supported locale, falling back to Chinese. */
export function asLocale(value: string | null | undefined): Locale {
  return value === 'en' ? 'en' : 'zh-CN';
}
