/** Chinese messages of the supervisor area; spread into the main catalogue (src/i18n/zh-CN.ts). */
export const supervisorZhCN = {
} as const;
