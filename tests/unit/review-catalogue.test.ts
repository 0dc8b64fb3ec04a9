import { describe, expect, it } from 'vitest';
import { COMPLAINT_CHANNELS, COMPLAINT_STATUSES, INSPECTION_OUTCOMES, REVIEW_STATUSES } from '../../db/schema';
import { en } from '../../src/i18n/en';
import { zhCN } from '../../src/i18n/zh-CN';
import { INSPECTION_ITEMS, INSPECTION_SECTIONS } from '../../src/lib/inspection-items';
import { REVIEW_STEP_CODES } from '../../src/scoring/monthly-review';
import { REVIEW_COMPONENTS, REVIEW_GRADES } from '../../src/scoring/policy';

/** Every key the review pages build from a code: a missing one would show the raw key to a user. */
const builtKeys = [
  ...REVIEW_STEP_CODES.map((c) => `review.step.${c}`),
  ...REVIEW_COMPONENTS.map((c) => `review.component.${c}`),
  ...REVIEW_GRADES.map((g) => `review.grade.${g}`),
  ...INSPECTION_OUTCOMES.map((o) => `review.outcome.${o}`),
  ...COMPLAINT_CHANNELS.map((c) => `review.channel.${c}`),
  ...COMPLAINT_STATUSES.map((s) => `review.complaintStatus.${s}`),
  ...REVIEW_STATUSES.map((s) => `review.status.${s}`),
  ...INSPECTION_SECTIONS.map((s) => `review.section.${s.section}`),
  'review.flag.complaints-3.10',
];

describe('the review catalogue', () => {
  it.each(builtKeys)('has %s in Chinese and English', (key) => {
    expect(Object.hasOwn(zhCN, key)).toBe(true);
    expect(Object.hasOwn(en, key)).toBe(true);
  });
});

describe('the inspection checklist', () => {
  it('has unique ids, each citing its manual section, rules with ok/warning/penalty and commendations only under 7', () => {
    expect(new Set(INSPECTION_ITEMS.map((i) => i.id)).size).toBe(INSPECTION_ITEMS.length);
    for (const item of INSPECTION_ITEMS) {
      if (item.section === 'day') continue;
      expect(item.id.split('.')[0]).toBe(item.section);
      expect(item.outcomes).toEqual(item.section === '7' ? ['commendation'] : ['ok', 'warning', 'penalty']);
      expect(item.text.length).toBeGreaterThan(10);
    }
  });
});
