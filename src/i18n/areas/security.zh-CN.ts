/** Chinese messages of the security area; spread into the main catalogue (src/i18n/zh-CN.ts). */
export const securityZhCN = {
} as const;
