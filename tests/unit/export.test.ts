import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quizzes } from '../../src/quizzes/catalog';
import { checkAnswer, grade, type Answer } from '../../src/quizzes/types';

const root = path.resolve(import.meta.dirname, '../..');
const run = (...args: string[]) =>
  execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/export-quizzes.ts', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

describe('quizzes:export', () => {
  const exported: { id: string; type: string; quiz: string; pool: string; answer: Answer }[] = JSON.parse(run());
  const byId = new Map([...quizzes().values()].flatMap((q) => q.list.map((x) => [x.id, x] as const)));

  it('prints every question of every bank with its quiz', () => {
    expect(exported).toHaveLength(byId.size);
    for (const q of exported) {
      expect(q.id.startsWith(`${q.quiz}-`)).toBe(true);
      expect(q.pool, q.id).toBe(byId.get(q.id)!.pool);
    }
  });
  it('gives each answer in the shape the save endpoint accepts, earning full credit', () => {
    for (const q of exported) {
      const question = byId.get(q.id)!;
      const checked = checkAnswer(question, q.answer);
      expect(checked, q.id).toMatchObject({ ok: true });
      expect(grade(question, q.answer).credit, q.id).toBe(1);
    }
  });
  it('writes GIFT for every question but the scenarios', () => {
    const gift = run('--format', 'gift');
    const scenarios = exported.filter((q) => q.type === 'scenario');
    expect(gift.match(/^::[a-z-]+-\d{3}::/gm)).toHaveLength(exported.length - scenarios.length);
    expect(gift).toContain('$CATEGORY: service-academy/conduct/assessment');
  });
});
