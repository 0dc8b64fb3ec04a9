import { describe, expect, it } from 'vitest';
import { computeMonthlyReview, gradeFor, pendingComplaints, round1, type NotableInspection, type ReviewInputs } from '../../src/scoring/monthly-review';
import { REVIEW_POLICY, type ReviewPolicy } from '../../src/scoring/policy';

/** An employee's month with nothing recorded; each test adds what its rule needs. */
function month(extra: Partial<ReviewInputs> = {}): ReviewInputs {
  return { month: '2026-10', asOf: '2026-11-05', assessments: [], assignments: [], inspections: { ok: 0, notable: [] }, complaints: [], ...extra };
}
const notable = (outcome: NotableInspection['outcome'], n: number): NotableInspection[] =>
  Array.from({ length: n }, (_, i) => ({ date: `2026-10-${String(i + 1).padStart(2, '0')}`, item: '3.2', outcome, spotCheck: false, note: null }));
const complaints = (justified: number, pending = 0): ReviewInputs['complaints'] => [
  ...Array.from({ length: justified }, (_, i) => ({ id: i + 1, date: '2026-10-10', channel: 'desk', status: 'justified' as const, summary: '态度' })),
  ...Array.from({ length: pending }, (_, i) => ({ id: 100 + i, date: '2026-10-11', channel: 'phone', status: 'pending' as const, summary: '未回电' })),
];
const assignment = (dueDate: string, completedOn: string | null, id = 1) => ({ id, module: 'conduct', kind: 'mandatory', dueDate, completedOn });
const component = (inputs: ReviewInputs, key: string, policy?: ReviewPolicy) => computeMonthlyReview(inputs, policy).components.find((c) => c.key === key)!;

describe('assessment component', () => {
  it.each([
    { name: 'is missing when no module was assessed that month', assessments: [], score: null },
    { name: 'is the best score of the one module assessed', assessments: [{ quizId: 'conduct', best: 85 }], score: 85 },
    { name: 'is the mean of the best score per module', assessments: [{ quizId: 'conduct', best: 90 }, { quizId: 'language', best: 75 }], score: 82.5 },
    { name: 'is rounded to one decimal', assessments: [{ quizId: 'a', best: 80 }, { quizId: 'b', best: 80 }, { quizId: 'c', best: 81 }], score: 80.3 },
  ])('$name', ({ assessments, score }) => {
    expect(component(month({ assessments }), 'assessment').score).toBe(score);
  });
});

describe('completion component', () => {
  it.each([
    { name: 'is missing when nothing was due that month', list: [], score: null },
    { name: 'counts completion on the due day as on time', list: [assignment('2026-10-10', '2026-10-10')], score: 100 },
    { name: 'counts completion the day after the due day as late', list: [assignment('2026-10-10', '2026-10-11')], score: 0 },
    { name: 'counts an uncompleted assignment past its due day as not on time', list: [assignment('2026-10-10', null), assignment('2026-10-12', '2026-10-01', 2)], score: 50 },
    { name: 'leaves out an uncompleted assignment not yet due (pending), so only it makes the component missing', list: [assignment('2026-11-30', null)], score: null, asOf: '2026-11-05', month: '2026-11' },
    { name: 'is the on-time share of three, rounded', list: [assignment('2026-10-01', '2026-10-01', 1), assignment('2026-10-02', null, 2), assignment('2026-10-03', '2026-10-09', 3)], score: 33.3 },
  ])('$name', ({ list, score, ...rest }) => {
    expect(component(month({ assignments: list, ...rest }), 'completion').score).toBe(score);
  });

  it('explains the counts: due, on time, late, open and pending', () => {
    const c = component(month({ month: '2026-11', asOf: '2026-11-05', assignments: [assignment('2026-11-01', '2026-11-01', 1), assignment('2026-11-02', '2026-11-04', 2), assignment('2026-11-03', null, 3), assignment('2026-11-20', null, 4)] }), 'completion');
    expect(c.steps[0]).toEqual({ code: 'completion.counts', values: { due: 3, onTime: 1, late: 1, open: 1, pending: 1 } });
  });
});

describe('conduct component', () => {
  it.each([
    { name: 'is missing when nobody inspected the employee that month', ok: 0, w: 0, p: 0, c: 0, score: null },
    { name: 'is 100 when every inspection was ok', ok: 20, w: 0, p: 0, c: 0, score: 100 },
    { name: 'deducts 5 per warning', ok: 18, w: 2, p: 0, c: 0, score: 90 },
    { name: 'deducts 15 per penalty', ok: 18, w: 0, p: 2, c: 0, score: 70 },
    { name: 'credits 5 per commendation against deductions', ok: 18, w: 1, p: 1, c: 2, score: 90 },
    { name: 'clamps at 100 when commendations exceed deductions', ok: 0, w: 0, p: 0, c: 3, score: 100 },
    { name: 'clamps at 0 when deductions exceed 100', ok: 0, w: 0, p: 7, c: 0, score: 0 },
  ])('$name', ({ ok, w, p, c, score }) => {
    const inputs = month({ inspections: { ok, notable: [...notable('warning', w), ...notable('penalty', p), ...notable('commendation', c)] } });
    expect(component(inputs, 'conduct').score).toBe(score);
  });

  it('shows the clamping as its own step', () => {
    const steps = component(month({ inspections: { ok: 0, notable: notable('penalty', 7) } }), 'conduct').steps.map((s) => s.code);
    expect(steps).toEqual(['conduct.counts', 'conduct.calc', 'conduct.clamped']);
  });
});

describe('complaints component and the 3.10 flag', () => {
  it.each([
    { justified: 0, pending: 0, score: 100, flagged: false },
    { justified: 0, pending: 3, score: 100, flagged: false },
    { justified: 1, pending: 0, score: 80, flagged: false },
    { justified: 4, pending: 2, score: 20, flagged: false },
    { justified: 5, pending: 0, score: 0, flagged: true },
    { justified: 7, pending: 0, score: 0, flagged: true },
  ])('$justified justified and $pending pending: score $score, flagged $flagged', ({ justified, pending, score, flagged }) => {
    const result = computeMonthlyReview(month({ inspections: { ok: 20, notable: [] }, complaints: complaints(justified, pending) }));
    expect(result.components.find((c) => c.key === 'complaints')!.score).toBe(score);
    expect(result.flags.includes('complaints-3.10')).toBe(flagged);
    expect(pendingComplaints(result)).toBe(pending);
  });

  it('raises the flag regardless of an excellent score', () => {
    const policy = { ...REVIEW_POLICY, weights: { assessment: 100, completion: 0, conduct: 0, complaints: 0 } };
    const result = computeMonthlyReview(month({ assessments: [{ quizId: 'conduct', best: 100 }], complaints: complaints(5) }), policy);
    expect(result.grade).toBe('excellent');
    expect(result.flags).toEqual(['complaints-3.10']);
    expect(result.steps.at(-1)).toEqual({ code: 'total.flag310', values: { justified: 5, threshold: 5 } });
  });

  it('raises the flag even when no other component has data', () => {
    const result = computeMonthlyReview(month({ complaints: complaints(5) }));
    expect(result.total).toBeNull();
    expect(result.flags).toEqual(['complaints-3.10']);
  });
});

describe('weights and renormalisation', () => {
  it('weights all four components 40/20/30/10 when all have data', () => {
    const result = computeMonthlyReview(month({
      assessments: [{ quizId: 'conduct', best: 80 }],
      assignments: [assignment('2026-10-10', '2026-10-09')],
      inspections: { ok: 19, notable: notable('warning', 2) },
      complaints: complaints(1),
    }));
    // 80×0.4 + 100×0.2 + 90×0.3 + 80×0.1 = 32 + 20 + 27 + 8 = 87
    expect(result.components.map((c) => c.share)).toEqual([40, 20, 30, 10]);
    expect(result.components.map((c) => c.points)).toEqual([32, 20, 27, 8]);
    expect(result.total).toBe(87);
    expect(result.grade).toBe('good');
  });

  it('reports a component without data as missing and renormalises the others over their own weights', () => {
    const result = computeMonthlyReview(month({ assessments: [{ quizId: 'conduct', best: 70 }], inspections: { ok: 20, notable: [] } }));
    const completion = result.components.find((c) => c.key === 'completion')!;
    expect(completion).toMatchObject({ missing: true, score: null, share: null, points: null });
    // base 40 + 30 + 10 = 80: 70×0.5 + 100×0.375 + 100×0.125 = 35 + 37.5 + 12.5 = 85
    expect(result.components.map((c) => c.share)).toEqual([50, null, 37.5, 12.5]);
    expect(result.total).toBe(85);
    expect(result.steps[0]).toEqual({ code: 'total.weights', values: { base: 80, missing: 'completion' } });
  });

  it('renormalises to the single component that has data besides complaints', () => {
    const result = computeMonthlyReview(month({ inspections: { ok: 10, notable: notable('penalty', 2) } }));
    // conduct 70 (weight 30) and complaints 100 (weight 10): 70×0.75 + 100×0.25 = 77.5
    expect(result.total).toBe(77.5);
    expect(result.grade).toBe('pass');
  });

  it('makes no total from complaints alone: nothing was measured', () => {
    const result = computeMonthlyReview(month());
    expect(result).toMatchObject({ total: null, grade: null, flags: [] });
    expect(result.components.every((c) => c.share === null)).toBe(true);
    expect(result.steps).toEqual([{ code: 'total.noData', values: {} }]);
  });

  it('records the policy version it was computed under', () => {
    expect(computeMonthlyReview(month(), { ...REVIEW_POLICY, version: 'test-9' }).policyVersion).toBe('test-9');
  });
});

describe('grade bands', () => {
  it.each([
    [100, 'excellent'], [90, 'excellent'], [89.9, 'good'], [80, 'good'], [79.9, 'pass'], [60, 'pass'], [59.9, 'improve'], [0, 'improve'],
  ] as const)('a total of %d is %s', (total, grade) => {
    expect(gradeFor(total)).toBe(grade);
  });

  it('bands the total after rounding it to one decimal, so an exact 89.95 is 优秀', () => {
    const policy = { ...REVIEW_POLICY, weights: { assessment: 1, completion: 0, conduct: 1, complaints: 0 } };
    const result = computeMonthlyReview(month({ assessments: [{ quizId: 'a', best: 79.9 }], inspections: { ok: 1, notable: [] } }), policy);
    // (79.9 + 100) / 2 = 89.95 → 90.0
    expect(result.total).toBe(90);
    expect(result.grade).toBe('excellent');
  });

  it('rounds half away from zero without float noise', () => {
    expect(round1(89.95)).toBe(90);
    expect(round1(0.05)).toBe(0.1);
    expect(round1(80.25)).toBe(80.3);
  });
});

describe('explaining the review', () => {
  it('lists every step from inputs to total, in order', () => {
    const result = computeMonthlyReview(month({
      assessments: [{ quizId: 'language', best: 75 }, { quizId: 'conduct', best: 90 }],
      assignments: [assignment('2026-10-10', '2026-10-09')],
      inspections: { ok: 20, notable: notable('warning', 1) },
    }));
    expect(result.components.flatMap((c) => c.steps.map((s) => s.code))).toEqual([
      'assessment.module', 'assessment.module', 'assessment.mean',
      'completion.counts', 'completion.share',
      'conduct.counts', 'conduct.calc',
      'complaints.counts', 'complaints.calc',
    ]);
    expect(result.components[0].steps[0].values).toEqual({ module: 'conduct', best: 90 });
    expect(result.steps.map((s) => s.code)).toEqual(['total.weights', 'total.sum', 'total.grade']);
    expect(result.steps[1].values).toEqual({ parts: '33 + 20 + 28.5 + 10', total: 91.5 });
  });
});
