/** Prints every lesson anchor a question's `lesson` field may use. `npm run lessons:anchors [module]` */
import path from 'node:path';
import { loadLessons } from '../src/lessons/check';

const only = process.argv[2];
const { lessons } = await loadLessons(path.resolve(import.meta.dirname, '../src/lessons'));
for (const l of lessons) {
  if (only && l.module !== only) continue;
  for (const a of l.anchors) console.log(`${l.module}/${l.slug}#${a}`);
}
