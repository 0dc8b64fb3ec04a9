import type { securityZhCN } from './security.zh-CN';

/** English messages of the security area: every key of the Chinese file, or the type check fails. */
export const securityEn: Record<keyof typeof securityZhCN, string> = {
};
