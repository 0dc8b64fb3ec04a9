import { questionSchema, type Question } from './types';
import { QUIZZES } from './quizzes';

/** A problem found in a bank, named by the question it is in. */
export interface BankProblem {
  module: string;
  id: string;
  message: string;
}

/** Ids short enough to read as a label: a single letter (a, b, …) or letters with digits (n1a, r2, l3, w0). */
const SHORT_ID = /^(?:[a-z]|[a-z]{1,2}\d{1,3}[a-z]{0,3})$/i;

/** A run of ASCII (or full-width) letters and digits that starts with a letter and stands alone. */
const WORD = /(?<![A-Za-z0-9０-９Ａ-Ｚａ-ｚ])[A-Za-zＡ-Ｚａ-ｚ][A-Za-z0-9０-９Ａ-Ｚａ-ｚ]*(?![A-Za-z0-9０-９Ａ-Ｚａ-ｚ])/g;

/** Text without white space, full-width letters and digits folded to ASCII, to compare labels by. */
const compact = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');

/** One place where a learner-facing text names an option, item, node or reply by its id. */
export interface IdMention {
  /** The field, as a path into the question: `explanation`, `options.2.text`, `nodes.0.choices.1.feedback`. */
  field: string;
  /** The id as the bank defines it. */
  id: string;
  /** The words around the mention, to find it by. */
  excerpt: string;
}

/**
 * Where a question's learner-facing text (prompt, explanation, option, item and pair texts, customer
 * lines, replies and their feedback) refers to one of its own short ids, such as "所以 d 的说法不对" or
 * "B、C、D 都把错推给顾客". Learners see options unlettered and shuffled, and the client only gets
 * hashed ids (opaque-ids.ts), so such a letter means nothing to them: name the option by its wording.
 * A mention is an id standing alone, in either case (not part of a longer ASCII word or number).
 * Not a mention: the manual's own item label as the question cites it in `source.section`
 * (section "1、心理素质 C" lets the explanation say "心理素质 C").
 */
export function idMentions(q: Question): IdMention[] {
  const ids = new Set<string>();
  const texts: [string, string][] = [
    ['prompt', q.prompt],
    ['explanation', q.explanation],
  ];
  const listed = (name: string, list: readonly { id: string; text: string }[]) =>
    list.forEach((o, i) => {
      ids.add(o.id);
      texts.push([`${name}.${i}.text`, o.text]);
    });
  if (q.type === 'single' || q.type === 'multiple') listed('options', q.options);
  if (q.type === 'ordering') listed('items', q.items);
  if (q.type === 'matching') {
    listed('left', q.left);
    listed('right', q.right);
  }
  if (q.type === 'scenario')
    q.nodes.forEach((n, i) => {
      ids.add(n.id);
      texts.push([`nodes.${i}.customer`, n.customer]);
      n.choices.forEach((c, j) => {
        ids.add(c.id);
        texts.push([`nodes.${i}.choices.${j}.text`, c.text], [`nodes.${i}.choices.${j}.feedback`, c.feedback]);
      });
    });
  const short = [...ids].filter((id) => SHORT_ID.test(id));
  if (short.length === 0) return [];
  const section = compact(q.source.section);
  const byKey = new Map(short.map((id) => [id.toLowerCase(), id]));
  const mentions: IdMention[] = [];
  for (const [field, text] of texts)
    for (const match of text.matchAll(WORD)) {
      const token = match[0].normalize('NFKC');
      const id = byKey.get(token.toLowerCase());
      if (!id) continue;
      const before = compact(text.slice(0, match.index)).slice(-2);
      if (before.length === 2 && section.includes(before + token)) continue;
      const excerpt = text.slice(Math.max(0, match.index - 8), match.index + match[0].length + 8).trim();
      mentions.push({ field, id, excerpt });
    }
  return mentions;
}

/**
 * Validates every bank: each question against its type's schema (answers exist, scenario graphs
 * end and have one best path), ids unique across banks, ids prefixed by their module, every
 * `lesson` link resolving to a known anchor, and no learner-facing text naming an option by its id
 * (idMentions). `anchors` holds "module/lesson#anchor" strings.
 */
export function validateBanks(banks: Record<string, readonly unknown[]>, anchors: ReadonlySet<string>) {
  const problems: BankProblem[] = [];
  const questions: Record<string, Question[]> = {};
  const seen = new Map<string, string>();
  for (const [module, bank] of Object.entries(banks)) {
    if (!QUIZZES[module]) problems.push({ module, id: '-', message: 'no quiz is configured for this bank' });
    questions[module] = [];
    bank.forEach((raw, i) => {
      const rawId = (raw as { id?: unknown } | null)?.id;
      const id = typeof rawId === 'string' ? rawId : `#${i}`;
      const parsed = questionSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          problems.push({ module, id, message: `${issue.path.join('.') || '(question)'}: ${issue.message}` });
        return;
      }
      const q = parsed.data;
      if (seen.has(q.id)) problems.push({ module, id, message: `id already used in ${seen.get(q.id)}` });
      seen.set(q.id, module);
      if (!q.id.startsWith(`${module}-`)) problems.push({ module, id, message: `id must start with "${module}-"` });
      if (!anchors.has(q.lesson)) problems.push({ module, id, message: `lesson anchor "${q.lesson}" does not exist` });
      for (const m of idMentions(q))
        problems.push({ module, id, message: `${m.field} names "${m.id}" by its id ("${m.excerpt}"); learners never see ids, so quote the wording instead` });
      questions[module].push(q);
    });
  }
  return { problems, questions };
}
