import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_CONTENT, checkContent, type ContentDirs } from '../../scripts/lib/content-check';

/**
 * The content checker (`npm run content:check`) on trees with one defect each. A fixture under
 * tests/fixtures/content-broken/<case>/ holds only what differs from the app's content: lesson files
 * added to `lessons/`, and banks in `banks/` that take the real bank and break one thing. Each case
 * is laid over a copy of the real content in a temporary folder and checked there.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = path.join(ROOT, 'tests/fixtures/content-broken');
const scratch = mkdtempSync(path.join(tmpdir(), 'academy-content-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The app's content with the fixture's files laid over it; each bank is a one-line re-export. */
function brokenTree(name: string): ContentDirs {
  const fixture = path.join(FIXTURES, name);
  const dirs = { lessons: path.join(scratch, name, 'lessons'), banks: path.join(scratch, name, 'banks') };
  cpSync(APP_CONTENT.lessons, dirs.lessons, { recursive: true, filter: (src) => !src.endsWith('.ts') });
  if (existsSync(path.join(fixture, 'lessons'))) cpSync(path.join(fixture, 'lessons'), dirs.lessons, { recursive: true });
  mkdirSync(dirs.banks, { recursive: true });
  for (const file of readdirSync(APP_CONTENT.banks)) {
    const own = path.join(fixture, 'banks', file);
    const from = existsSync(own) ? own : path.join(APP_CONTENT.banks, file);
    writeFileSync(path.join(dirs.banks, file), `export { default } from ${JSON.stringify(from.replace(/\.ts$/, ''))};\n`);
  }
  return dirs;
}

const CASES: [string, RegExp][] = [
  ['lesson-without-sources', /^lesson {2}conduct\/06-without-sources\.mdx: frontmatter sources: /],
  ['lesson-unknown-source', /^lesson {2}conduct\/06-unknown-source\.mdx: frontmatter sources\.0\.file: /],
  ['lesson-foreign-component', /^lesson {2}conduct\/06-foreign-component\.mdx: <Marquee> is not a lesson component$/],
  ['lesson-duplicate-order', /^lesson {2}conduct\/01-same-order\.mdx: order 1 already used by 01-appearance\.mdx$/],
  ['lesson-without-sections', /^lesson {2}conduct\/06-without-sections\.mdx: lesson has no ## sections$/],
  ['question-source-not-manual', /^quiz {4}conduct conduct-\d{3}: source\.file: /],
  ['question-unknown-anchor', /^quiz {4}conduct conduct-\d{3}: lesson anchor "conduct\/01-appearance#没有这一节" does not exist$/],
  ['duplicate-question-id', /^quiz {4}conduct conduct-\d{3}: id already used in conduct$/],
  ['scenario-never-ends', /^quiz {4}conduct conduct-\d{3}: \(question\): the conversation has a cycle, so it may never end$/],
  ['pool-below-25', /^bank {4}conduct: assessment pool has 24 questions; at least 25 are needed$/],
  ['topic-in-one-pool', /^bank {4}conduct: topic "只在练习里出现的主题" is only in the practice pool; add a parallel item to the other pool$/],
  ['longest-right-cue', /^bank {4}conduct: right option is the unique longest in \d+ of \d+ choice questions \(limit 30%\)$/],
  ['explanation-names-option-id', /^quiz {4}conduct conduct-001: explanation names "d" by its id \("[^"]*d 的说法[^"]*"\); learners never see ids, so quote the wording instead$/],
];

describe('the content checker', () => {
  it('passes the real content', async () => {
    expect((await checkContent()).problems).toEqual([]);
  });

  it('has a test for every fixture folder', () => {
    expect(readdirSync(FIXTURES).sort()).toEqual(CASES.map(([name]) => name).sort());
  });

  it.each(CASES)('fails %s with exactly that problem', async (name, message) => {
    const { problems } = await checkContent(brokenTree(name));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('checks a given tree from the command line and exits 1 with the problem', () => {
    const dirs = brokenTree('lesson-foreign-component');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/check-content.ts', '--lessons', dirs.lessons, '--banks', dirs.banks], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('lesson  conduct/06-foreign-component.mdx: <Marquee> is not a lesson component');
    expect(run.stdout).toContain('1 problem(s)');
  });
});
