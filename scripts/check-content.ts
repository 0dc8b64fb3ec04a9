/** Validates lessons and question banks; exits non-zero on any problem. `npm run content:check` */
import path from 'node:path';
import { loadLessons } from '../src/lessons/check';
import { RAW_BANKS } from '../src/quizzes/bank';
import { validateBanks } from '../src/quizzes/validate-bank';

const root = path.resolve(import.meta.dirname, '../src/lessons');
const content = await loadLessons(root);
const banks = validateBanks(RAW_BANKS, content.anchors);

for (const p of content.problems) console.log(`lesson  ${p.file}: ${p.message}`);
for (const p of banks.problems) console.log(`quiz    ${p.module} ${p.id}: ${p.message}`);

const byModule = Object.entries(banks.questions).map(([m, qs]) => {
  const types = Object.entries(Object.groupBy(qs, (q) => q.type)).map(([t, l]) => `${t} ${l!.length}`);
  const lessons = content.lessons.filter((l) => l.module === m).length;
  return `${m.padEnd(16)} lessons ${lessons}  questions ${String(qs.length).padStart(3)}  (${types.join(', ')})`;
});
console.log(byModule.join('\n'));
const total = content.problems.length + banks.problems.length;
console.log(total === 0 ? 'content OK' : `${total} problem(s)`);
process.exit(total === 0 ? 0 : 1);
