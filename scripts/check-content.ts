/**
 * Validates lessons and question banks; exits non-zero on any problem. `npm run content:check` checks
 * the app's content; `npm run content:check -- --lessons <dir> --banks <dir>` checks another tree
 * (the broken fixtures under tests/fixtures/content-broken are checked this way by the tests).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from './lib/cli';
import { APP_CONTENT, checkContent } from './lib/content-check';

const USAGE = 'usage: npm run content:check [-- --lessons <dir>] [--banks <dir>]';

runCli(async () => {
  const { values } = parseArgs({ options: { lessons: { type: 'string' }, banks: { type: 'string' } } });
  const { problems, summary } = await checkContent({
    lessons: values.lessons ? path.resolve(values.lessons) : APP_CONTENT.lessons,
    banks: values.banks ? path.resolve(values.banks) : APP_CONTENT.banks,
  });
  for (const p of problems) console.log(p);
  console.log(summary.join('\n'));
  console.log(problems.length === 0 ? 'content OK' : `${problems.length} problem(s)`);
  process.exit(problems.length === 0 ? 0 : 1);
}, USAGE);
