import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { zhCN } from '../../src/i18n/zh-CN';

/**
 * Every refusal a person reads names a catalogue key present in both languages, and no refusal
 * carries Chinese (or any) free text: this reads every `new ServiceError(…)` and `actionError(…)`
 * call in `src/` as text, finds the key it passes and looks it up in both catalogues.
 */

const ROOT = join(__dirname, '../../src');
const CALLS = /\bnew ServiceError\(|\bactionError\(|\bAttemptError\b/g;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Skips a quoted string or template literal starting at `i`; returns the index after it. */
function skipString(text: string, i: number): number {
  const quote = text[i];
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (quote === '`' && text.startsWith('${', j)) j = skipBalanced(text, j + 1) - 1;
    else if (text[j] === quote) return j + 1;
  }
  throw new Error(`unterminated string at ${i}`);
}

/** From an opening bracket at `i`, the index just after its matching closing bracket. */
function skipBalanced(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === "'" || c === '"' || c === '`') j = skipString(text, j) - 1;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  throw new Error(`unbalanced bracket at ${i}`);
}

/** Splits a list (the inside of a call or an object literal) at its top-level commas. */
function topLevelParts(inside: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let j = 0; j < inside.length; j++) {
    const c = inside[j];
    if (c === "'" || c === '"' || c === '`') j = skipString(inside, j) - 1;
    else if (c === '(' || c === '[' || c === '{') j = skipBalanced(inside, j) - 1;
    else if (c === ',') {
      parts.push(inside.slice(start, j).trim());
      start = j + 1;
    }
  }
  parts.push(inside.slice(start).trim());
  return parts.filter((p) => p !== '');
}

interface Refusal {
  where: string;
  call: string;
  /** The expression passed as the message key. */
  key: string;
  /** The whole argument list, as written. */
  args: string;
}

/** Every refusal call in a source text, with the key expression it passes. */
function refusalCalls(text: string, file: string): Refusal[] {
  const found: Refusal[] = [];
  for (const match of text.matchAll(CALLS)) {
    const at = match.index;
    const line = text.slice(0, at).split('\n').length;
    const where = `${file}:${line}`;
    if (match[0] === 'AttemptError') {
      found.push({ where, call: 'AttemptError', key: '', args: '' });
      continue;
    }
    if (text.slice(Math.max(0, at - 9), at) === 'function ') continue; // the helper's own declaration
    const open = at + match[0].length - 1;
    const args = text.slice(open + 1, skipBalanced(text, open) - 1);
    const first = topLevelParts(args)[0] ?? '';
    let key = first;
    if (first.startsWith('{')) {
      const property = topLevelParts(first.slice(1, -1)).find((p) => /^key\s*(:|$)/.test(p));
      key = property ? property.replace(/^key\s*:\s*/, '') : ''; // shorthand `{ key }` leaves the name
    }
    found.push({ where, call: match[0].replace(/\($/, ''), key, args });
  }
  return found;
}

/** The keys a key expression can take: its string literals (a literal, or the branches of a conditional). */
function literalKeys(expression: string): string[] {
  return [...expression.matchAll(/'([^'\\]*)'|"([^"\\]*)"/g)].map((m) => m[1] ?? m[2]);
}

/** What is wrong with one refusal call, if anything. */
function problemsOf(refusal: Refusal): string[] {
  const { where, call, key, args } = refusal;
  if (call === 'AttemptError') return [`${where}: AttemptError is gone; throw a ServiceError with a catalogue key`];
  const problems: string[] = [];
  if (CJK.test(args)) problems.push(`${where}: Chinese text in a refusal; put it in the zh-CN catalogue`);
  if (key === '') problems.push(`${where}: ${call} without a key`);
  for (const k of literalKeys(key)) {
    if (!Object.hasOwn(zhCN, k)) problems.push(`${where}: key "${k}" is not in the zh-CN catalogue`);
    if (!Object.hasOwn(en, k)) problems.push(`${where}: key "${k}" is not in the en catalogue`);
  }
  if (key.startsWith('`')) {
    // A key built from a template: some key of both catalogues must fit it.
    const pattern = new RegExp(`^${key.slice(1, -1).replace(/[.*+?^()|[\]\\]/g, '\\$&').replace(/\$\{[^}]*\}/g, '[\\w.]+')}$`);
    if (!Object.keys(zhCN).some((k) => pattern.test(k) && Object.hasOwn(en, k))) problems.push(`${where}: no catalogue key fits ${key}`);
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|astro|svelte)$/.test(entry.name) ? [path] : [];
  });
}

const calls = sourceFiles(ROOT).flatMap((path) => refusalCalls(readFileSync(path, 'utf8'), relative(ROOT, path)));

describe('refusals in src/', () => {
  it('are found (the walker reads the real calls)', () => {
    expect(calls.filter((c) => c.call === 'new ServiceError').length).toBeGreaterThan(100);
    expect(calls.filter((c) => c.call === 'actionError').length).toBeGreaterThan(5);
    expect(calls.find((c) => c.where.startsWith('lib/server/attempts.ts') && c.key === "'quiz.refusal.noAttemptsLeft'")).toBeDefined();
  });

  it('each name a key of both catalogues and carry no Chinese text', () => {
    expect(calls.flatMap(problemsOf)).toEqual([]);
  });
});

describe('the walker', () => {
  const problems = (source: string) => refusalCalls(source, 'x.ts').flatMap(problemsOf);

  it('accepts a known key, in the short form, the object form, a conditional and actionError', () => {
    expect(
      problems(`
        throw new ServiceError('admin.users.taken', 409);
        throw new ServiceError({ key: 'quiz.refusal.unknownQuiz', status: 404, code: 'unknown_quiz', params: { quizId: f(a, b) } });
        throw new ServiceError(done ? 'admin.users.taken' : 'admin.teams.taken', 409);
        throw actionError('login.throttled', 429, { seconds: 4 });
      `),
    ).toEqual([]);
  });

  it('flags an unknown key, Chinese text, a missing key and the old AttemptError', () => {
    expect(problems(`throw new ServiceError('no.such.key', 400);`)).toEqual([
      'x.ts:1: key "no.such.key" is not in the zh-CN catalogue',
      'x.ts:1: key "no.such.key" is not in the en catalogue',
    ]);
    expect(problems(`throw new ServiceError({ key: 'error.refused', status: 409, code: 'x', params: { why: '已提交' } });`)).toEqual([
      'x.ts:1: Chinese text in a refusal; put it in the zh-CN catalogue',
    ]);
    expect(problems(`\n\nthrow new ServiceError({ status: 409, code: 'x' });`)).toEqual(['x.ts:3: new ServiceError without a key']);
    expect(problems("throw new AttemptError(409, 'already_submitted', '本次答题已经提交过了');")).toEqual([
      'x.ts:1: AttemptError is gone; throw a ServiceError with a catalogue key',
    ]);
    expect(problems('throw new ServiceError({ key: `nope.${code}`, status: 401, code });')).toEqual(['x.ts:1: no catalogue key fits `nope.${code}`']);
  });
});
