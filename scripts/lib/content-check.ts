import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadLessons } from '../../src/lessons/check';
import { MODULE_IDS } from '../../src/lessons/schema';
import { bankQuality, bankQualityProblems } from '../../src/quizzes/bank-quality';
import { validateBanks } from '../../src/quizzes/validate-bank';

/** Where the content lives: the default is the app's own; tests point it at broken fixture trees. */
export interface ContentDirs {
  /** Module folders with module.yaml and NN-slug.mdx lessons (default src/lessons). */
  lessons: string;
  /** One `<module>.ts` per module, default-exporting the bank's questions (default src/quizzes/banks). */
  banks: string;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The app's content, which `npm run content:check` checks when given no directories. */
export const APP_CONTENT: ContentDirs = { lessons: path.join(ROOT, 'src/lessons'), banks: path.join(ROOT, 'src/quizzes/banks') };

/** Every bank in a directory, keyed by module id (file name), in teaching order, then any unknown ones. */
async function loadBanks(dir: string): Promise<Record<string, readonly unknown[]>> {
  const files = (await readdir(dir)).filter((f) => /^[a-z0-9-]+\.ts$/.test(f));
  const rank = (id: string) => ((MODULE_IDS as readonly string[]).includes(id) ? (MODULE_IDS as readonly string[]).indexOf(id) : MODULE_IDS.length);
  const ids = files.map((f) => f.slice(0, -3)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const banks: Record<string, readonly unknown[]> = {};
  for (const id of ids) banks[id] = ((await import(pathToFileURL(path.join(dir, `${id}.ts`)).href)) as { default: readonly unknown[] }).default;
  return banks;
}

/**
 * Checks lessons and question banks under the given directories: lesson schemas and MDX, bank
 * schemas, ids, anchors and scenario graphs, then pool sizes, one-sided topics and cue rates.
 * Returns each problem as the line `content:check` prints, and the per-module summary.
 */
export async function checkContent(dirs: ContentDirs = APP_CONTENT): Promise<{ problems: string[]; summary: string[] }> {
  const content = await loadLessons(dirs.lessons);
  const banks = validateBanks(await loadBanks(dirs.banks), content.anchors);
  const quality = bankQualityProblems(banks.questions);
  const problems = [
    ...content.problems.map((p) => `lesson  ${p.file}: ${p.message}`),
    ...banks.problems.map((p) => `quiz    ${p.module} ${p.id}: ${p.message}`),
    ...quality.map((p) => `bank    ${p.module}: ${p.message}`),
  ];

  const pct = (r: { hits: number; of: number; share: number }) => `${r.hits}/${r.of} (${Math.round(r.share * 100)}%)`;
  const summary = Object.entries(banks.questions).map(([m, qs]) => {
    const types = Object.entries(Object.groupBy(qs, (q) => q.type)).map(([t, l]) => `${t} ${l!.length}`);
    const lessons = content.lessons.filter((l) => l.module === m).length;
    const q = bankQuality(qs);
    return [
      `${m.padEnd(16)} lessons ${lessons}  questions ${String(qs.length).padStart(3)}  (${types.join(', ')})`,
      `${''.padEnd(16)} pools practice ${q.pools.practice} / assessment ${q.pools.assessment}; right option uniquely longest ${pct(q.longestRight)} (uniquely shortest ${pct(q.shortestRight)}); best scenario reply longest ${pct(q.longestBest)}`,
    ].join('\n');
  });
  const overall = bankQuality(Object.values(banks.questions).flat());
  summary.push(
    `all              right option uniquely longest ${pct(overall.longestRight)} (limit 30%), uniquely shortest ${pct(overall.shortestRight)}; best scenario reply longest ${pct(overall.longestBest)} (limit 35%)`,
  );
  return { problems, summary };
}
