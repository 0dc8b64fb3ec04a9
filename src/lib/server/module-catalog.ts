import { parse } from 'yaml';
import { moduleSchema, type ModuleMeta } from '../../lessons/schema';

/**
 * The modules' settings (title, order, required, quiz) read straight from `module.yaml`, bundled at
 * build time. Services that only need these (readiness, assignments, the team page) use this instead of
 * the content collection, so they run the same under Vitest as in the server.
 */
const files = import.meta.glob('../../lessons/*/module.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface ModuleInfo extends ModuleMeta {
  id: string;
}

let cache: ModuleInfo[] | undefined;

/** Every module in teaching order. */
export function moduleCatalog(): ModuleInfo[] {
  cache ??= Object.entries(files)
    .map(([path, text]) => ({ id: path.split('/').at(-2)!, ...moduleSchema.parse(parse(text)) }))
    .sort((a, b) => a.order - b.order);
  return cache;
}

/** The quiz ids of the modules every new hire must pass before going live. */
export function requiredQuizIds(): string[] {
  return moduleCatalog()
    .filter((m) => m.required)
    .map((m) => m.quiz);
}

/** A module's title in the reader's language, or its id when unknown. */
export function moduleTitle(id: string, locale: string): string {
  const m = moduleCatalog().find((x) => x.id === id || x.quiz === id);
  if (!m) return id;
  return locale === 'en' ? m.titleEn : m.title;
}
