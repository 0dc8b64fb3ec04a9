/**
 * `npm run quizzes:export` prints the whole bank as JSON, each question with its correct answer in
 * exactly the shape `PUT /api/v1/attempts/:id/responses/:questionId` accepts (a scenario's is its
 * best path), and its `pool` (practice or assessment). `--format gift` writes the non-scenario
 * questions in Moodle's GIFT format instead, one category per module and pool.
 */
import { parseArgs } from 'node:util';
import { quizzes } from '../src/quizzes/catalog';
import { toGift } from '../src/quizzes/gift';
import { correctAnswer } from '../src/quizzes/types';

const { values } = parseArgs({ options: { format: { type: 'string', default: 'json' } } });
const all = [...quizzes().values()];
if (values.format === 'gift') {
  process.stdout.write(all.map((quiz) => toGift(quiz.config.id, quiz.list)).join('\n'));
} else if (values.format === 'json') {
  const out = all.flatMap((quiz) => quiz.list.map((q) => ({ ...q, quiz: quiz.config.id, answer: correctAnswer(q) })));
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
} else {
  console.error(`Unknown format "${values.format}": use json or gift.`);
  process.exit(2);
}
