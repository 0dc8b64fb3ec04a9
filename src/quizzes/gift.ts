import { POOLS, type Question } from './types';

/** Escapes GIFT's control characters (~ = # { } :) in text. */
function esc(text: string): string {
  return text.replace(/([~=#{}:\\])/g, '\\$1');
}

/** Every type but the branching scenario, which GIFT cannot express. */
function hasGiftForm(q: Question): q is Exclude<Question, { type: 'scenario' }> {
  return q.type !== 'scenario';
}

/**
 * Moodle GIFT for one quiz's non-scenario questions, one category per pool
 * (`service-academy/<module>/practice`, `…/assessment`) so an importer keeps assessment items apart:
 * single as `=right ~wrong`, multiple with percentage weights (wrong picks cost as our grading does),
 * matching as `=left -> right`, ordering as matching of step numbers (GIFT has no ordering type).
 * Scenarios have no GIFT form.
 */
export function toGift(category: string, questions: readonly Question[]): string {
  const blocks: string[] = [];
  let pool: string | undefined;
  for (const q of questions.filter(hasGiftForm).sort((a, b) => POOLS.indexOf(a.pool) - POOLS.indexOf(b.pool))) {
    if (q.pool !== pool) {
      pool = q.pool;
      blocks.push(`$CATEGORY: service-academy/${category}/${pool}\n`);
    }
    const head = `::${q.id}::${esc(q.prompt)}`;
    const feedback = `####${esc(q.explanation)}`;
    switch (q.type) {
      case 'single':
        blocks.push(`${head} {\n${q.options.map((o) => `  ${o.id === q.answer ? '=' : '~'}${esc(o.text)}`).join('\n')}\n  ${feedback}\n}\n`);
        break;
      case 'multiple': {
        const right = 100 / q.answer.length;
        const wrong = -right;
        const fmt = (n: number) => Number(n.toFixed(5)).toString();
        const lines = q.options.map((o) => `  ~%${fmt(q.answer.includes(o.id) ? right : wrong)}%${esc(o.text)}`);
        blocks.push(`${head} {\n${lines.join('\n')}\n  ${feedback}\n}\n`);
        break;
      }
      case 'matching': {
        const text = new Map(q.right.map((r) => [r.id, r.text]));
        const lines = q.left.map((l) => `  =${esc(l.text)} -> ${esc(text.get(q.answer[l.id]) ?? '')}`);
        blocks.push(`${head} {\n${lines.join('\n')}\n  ${feedback}\n}\n`);
        break;
      }
      case 'ordering': {
        const text = new Map(q.items.map((i) => [i.id, i.text]));
        const lines = q.answer.map((id, i) => `  =${esc(text.get(id) ?? '')} -> ${i + 1}`);
        blocks.push(`${head} {\n${lines.join('\n')}\n  ${feedback}\n}\n`);
        break;
      }
    }
  }
  return blocks.join('\n');
}
