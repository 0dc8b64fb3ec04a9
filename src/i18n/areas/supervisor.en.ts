import type { supervisorZhCN } from './supervisor.zh-CN';

/** English messages of the supervisor area: every key of the Chinese file, or the type check fails. */
export const supervisorEn: Record<keyof typeof supervisorZhCN, string> = {
};
