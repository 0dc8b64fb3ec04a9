import { quizEn } from '../i18n/areas/quiz.en';
import { quizZhCN } from '../i18n/areas/quiz.zh-CN';
import { fillMessage } from '../i18n/format';
import type { FeedbackLine } from './types/common';

/** A key of the quiz area's catalogue. */
export type QuizKey = keyof typeof quizZhCN;

/** Words one quiz-area key in the reader's language, choosing plurals and filling `{name}` parameters. */
export type QuizWording = (key: QuizKey, params?: Record<string, string | number>) => string;

/**
 * The quiz area's wording for a locale, without the rest of the catalogue, so the player island can
 * word feedback exactly as the server pages do and ship only these strings.
 */
export function quizWording(locale: string): QuizWording {
  const messages: Record<QuizKey, string> = locale === 'en' ? quizEn : quizZhCN;
  return (key, params) => fillMessage(messages[key], locale, params);
}

/**
 * One feedback line for the page: `text` in the reader's language (from the catalogue) and `content`,
 * the bank's Chinese texts it quotes, which the page marks `lang="zh-CN"`.
 */
export interface WordedLine {
  text: string;
  content: string[];
}

/** Words the grader's feedback lines; a conversation's reply comments are numbered in order. */
export function wordFeedback(lines: readonly FeedbackLine[], t: QuizWording): WordedLine[] {
  let reply = 0;
  return lines.map((line): WordedLine => {
    switch (line.kind) {
      case 'allRight':
        return { text: t('quiz.fb.allRight'), content: [] };
      case 'rightAnswer':
        return { text: t('quiz.fb.rightAnswer'), content: line.texts };
      case 'tally':
        return { text: t('quiz.fb.tally', line), content: [] };
      case 'pairsInOrder':
        return { text: t('quiz.fb.pairsInOrder', line), content: [] };
      case 'rightOrder':
        return { text: t('quiz.fb.rightOrder'), content: line.texts.map((s, i) => `${i + 1}. ${s}`) };
      case 'matched':
        return { text: t('quiz.fb.matched', line), content: [] };
      case 'rightPairs':
        return { text: t('quiz.fb.rightPairs'), content: line.pairs.map(([l, r]) => `${l} → ${r}`) };
      case 'reply':
        reply += 1;
        return { text: t('quiz.fb.reply', { n: reply }), content: [line.text] };
      case 'scenarioScore':
        return { text: t('quiz.fb.scenarioScore', line), content: [] };
    }
  });
}
