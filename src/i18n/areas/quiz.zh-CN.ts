/** Chinese messages of the quiz area; spread into the main catalogue (src/i18n/zh-CN.ts). */
export const quizZhCN = {
} as const;
