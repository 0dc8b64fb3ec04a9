/**
 * Fills one catalogue message: kept apart from the catalogues so the quiz player island can word its
 * feedback exactly as the server does while shipping only the quiz area's strings.
 */

/**
 * A count's wording, ICU's plural without nesting: `{n, plural, one {# warning} other {# warnings}}`.
 * Branches are named by the categories of Intl.PluralRules (`one`, `other`, and for other languages
 * `zero`, `two`, `few`, `many`); `#` is the count and a branch may hold plain `{param}`s. Messages
 * stay strings, so the catalogues keep their `Record<MessageKey, string>` type and Chinese, which has
 * no plural forms, keeps plain `{n}`.
 */
const PLURAL = /\{(\w+), plural,((?:\s*\w+ \{(?:[^{}]|\{\w+\})*\})+)\s*\}/g;
const BRANCH = /(\w+) \{((?:[^{}]|\{\w+\})*)\}/g;

/** One Intl.PluralRules per locale: building one per message would cost more than the message. */
const pluralRules = new Map<string, Intl.PluralRules>();

/** Chooses each plural's branch for its count; a missing count takes `other` and shows `{name}` for `#`, as a missing param does. */
function choosePlurals(text: string, locale: string, params: Record<string, string | number>): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return text.replace(PLURAL, (_, name: string, body: string) => {
    const branches = new Map([...body.matchAll(BRANCH)].map((m) => [m[1], m[2]]));
    const value = params[name];
    const category = value === undefined ? 'other' : rules.select(Number(value));
    const branch = branches.get(category) ?? branches.get('other') ?? '';
    return branch.replaceAll('#', value === undefined ? `{${name}}` : String(value));
  });
}

/** A message with its plurals chosen for `locale` and its `{name}` parameters filled; a missing one stays `{name}`. */
export function fillMessage(text: string, locale: string, params?: Record<string, string | number>): string {
  const chosen = text.includes(', plural,') ? choosePlurals(text, locale, params ?? {}) : text;
  // A page asks for dozens of messages, most without parameters: those are returned as they are.
  return params ? chosen.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : chosen;
}
