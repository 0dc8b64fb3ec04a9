import type { reviewZhCN } from './review.zh-CN';

/** English messages of the review area: every key of the Chinese file, or the type check fails. */
export const reviewEn: Record<keyof typeof reviewZhCN, string> = {
};
