/** Validates lessons and question banks; exits non-zero on any problem. `npm run content:check` */
import path from 'node:path';
import { loadLessons } from '../src/lessons/check';
import { RAW_BANKS } from '../src/quizzes/bank';
import { validateBanks } from '../src/quizzes/validate-bank';
import { bankQuality, bankQualityProblems } from '../src/quizzes/bank-quality';

const root = path.resolve(import.meta.dirname, '../src/lessons');
const content = await loadLessons(root);
const banks = validateBanks(RAW_BANKS, content.anchors);

for (const p of content.problems) console.log(`lesson  ${p.file}: ${p.message}`);
for (const p of banks.problems) console.log(`quiz    ${p.module} ${p.id}: ${p.message}`);

const quality = bankQualityProblems(banks.questions);
for (const p of quality) console.log(`bank    ${p.module}: ${p.message}`);

const pct = (r: { hits: number; of: number; share: number }) => `${r.hits}/${r.of} (${Math.round(r.share * 100)}%)`;
const byModule = Object.entries(banks.questions).map(([m, qs]) => {
  const types = Object.entries(Object.groupBy(qs, (q) => q.type)).map(([t, l]) => `${t} ${l!.length}`);
  const lessons = content.lessons.filter((l) => l.module === m).length;
  const q = bankQuality(qs);
  return [
    `${m.padEnd(16)} lessons ${lessons}  questions ${String(qs.length).padStart(3)}  (${types.join(', ')})`,
    `${''.padEnd(16)} pools practice ${q.pools.practice} / assessment ${q.pools.assessment}; right option uniquely longest ${pct(q.longestRight)} (uniquely shortest ${pct(q.shortestRight)}); best scenario reply longest ${pct(q.longestBest)}`,
  ].join('\n');
});
console.log(byModule.join('\n'));
const overall = bankQuality(Object.values(banks.questions).flat());
console.log(`all              right option uniquely longest ${pct(overall.longestRight)} (limit 30%), uniquely shortest ${pct(overall.shortestRight)}; best scenario reply longest ${pct(overall.longestBest)} (limit 35%)`);
const total = content.problems.length + banks.problems.length + quality.length;
console.log(total === 0 ? 'content OK' : `${total} problem(s)`);
process.exit(total === 0 ? 0 : 1);
