/** Chinese messages of the review area; spread into the main catalogue (src/i18n/zh-CN.ts). */
export const reviewZhCN = {
} as const;
