import type { quizZhCN } from './quiz.zh-CN';

/** English messages of the quiz area: every key of the Chinese file, or the type check fails. */
export const quizEn: Record<keyof typeof quizZhCN, string> = {
};
