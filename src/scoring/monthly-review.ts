import { REVIEW_POLICY, type ReviewComponentKey, type ReviewGrade, type ReviewPolicy } from './policy';

/**
 * The monthly performance review (DESIGN "Monthly review"), computed from a snapshot of its inputs
 * and nothing else, so an approved review can store exactly what it was computed from and anyone can
 * recompute it. Every step from inputs to total is returned for the page to show.
 */

/** An inspection entry that is not plain "ok": it moves the conduct score. */
export interface NotableInspection {
  date: string;
  item: string;
  outcome: 'warning' | 'penalty' | 'commendation';
  spotCheck: boolean;
  note: string | null;
}

/** Everything one employee's review for one month is computed from; stored as the approved review's `input_snapshot`. */
export interface ReviewInputs {
  month: string;
  /** The organisation's day the inputs were read: an uncompleted assignment due on or after it is still pending, not late. */
  asOf: string;
  /** Best submitted assessment score per module assessed that month. */
  assessments: { quizId: string; best: number }[];
  /** Assignments due that month and not withdrawn, with the organisation's day each was completed. */
  assignments: { id: number; module: string; kind: string; dueDate: string; completedOn: string | null }[];
  /** That month's inspections and spot checks: how many entries were ok, and the others one by one. */
  inspections: { ok: number; notable: NotableInspection[] };
  /** That month's complaints that count or may yet count (justified and pending); unjustified ones are left out. */
  complaints: { id: number; date: string; channel: string; status: 'justified' | 'pending'; summary: string }[];
}

/** Every step the page explains; the catalogue holds one sentence per code (`review.step.<code>`). */
export const REVIEW_STEP_CODES = [
  'assessment.module',
  'assessment.mean',
  'assessment.none',
  'completion.counts',
  'completion.share',
  'completion.none',
  'conduct.counts',
  'conduct.calc',
  'conduct.clamped',
  'conduct.none',
  'complaints.counts',
  'complaints.calc',
  'total.weights',
  'total.sum',
  'total.grade',
  'total.noData',
  'total.flag310',
] as const;
/** One of the step codes above. */
export type ReviewStepCode = (typeof REVIEW_STEP_CODES)[number];

/** One explained step: a catalogue sentence and the numbers to fill it with. */
export interface ReviewStep {
  code: ReviewStepCode;
  values: Record<string, string | number>;
}

/** One component: its score (null when it had no data), its weight before and after renormalising, what it adds. */
export interface ComponentResult {
  key: ReviewComponentKey;
  missing: boolean;
  score: number | null;
  weight: number;
  /** Share of the total in percent after renormalising over the components with data; null when not counted. */
  share: number | null;
  /** Points this component adds to the total (score × share); null when not counted. */
  points: number | null;
  steps: ReviewStep[];
}

/** Flags a reader must see whatever the total: `complaints-3.10` is 000 3.10 (five or more justified complaints). */
export type ReviewFlag = 'complaints-3.10';

/** The review as computed: stored as the approved review's `components`, so it is shown exactly as approved. */
export interface ReviewResult {
  policyVersion: string;
  components: ComponentResult[];
  /** Null when no component that measures work (assessment, completion, conduct) has data. */
  total: number | null;
  grade: ReviewGrade | null;
  flags: ReviewFlag[];
  steps: ReviewStep[];
}

/** Rounds to one decimal, half away from zero, immune to 0.1-style float noise. */
export function round1(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x) * 10 + 1e-9) / 10;
}
const round2 = (x: number) => Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-9) / 100;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Components that measure work; complaints alone (no complaint is the usual case) cannot make a total. */
const EVIDENCE: readonly ReviewComponentKey[] = ['assessment', 'completion', 'conduct'];

type Scored = { score: number | null; steps: ReviewStep[] };

/** Assessment: mean of the best score per module assessed that month. */
function assessment(inputs: ReviewInputs): Scored {
  const list = [...inputs.assessments].sort((a, b) => (a.quizId < b.quizId ? -1 : a.quizId > b.quizId ? 1 : 0));
  if (list.length === 0) return { score: null, steps: [{ code: 'assessment.none', values: {} }] };
  const sum = list.reduce((s, a) => s + a.best, 0);
  const mean = round1(sum / list.length);
  return {
    score: mean,
    steps: [
      ...list.map((a) => ({ code: 'assessment.module' as const, values: { module: a.quizId, best: a.best } })),
      { code: 'assessment.mean', values: { n: list.length, sum: round1(sum), mean } },
    ],
  };
}

/** Completion: share of the assignments due that month completed by the end of their due day; pending ones wait. */
function completion(inputs: ReviewInputs): Scored {
  let onTime = 0, late = 0, open = 0, pending = 0;
  for (const a of inputs.assignments) {
    if (a.completedOn !== null) a.completedOn <= a.dueDate ? onTime++ : late++;
    else a.dueDate >= inputs.asOf ? pending++ : open++;
  }
  const due = onTime + late + open;
  const counts: ReviewStep = { code: 'completion.counts', values: { due, onTime, late, open, pending } };
  if (due === 0) return { score: null, steps: [...(pending > 0 ? [counts] : []), { code: 'completion.none', values: {} }] };
  const share = round1((onTime / due) * 100);
  return { score: share, steps: [counts, { code: 'completion.share', values: { onTime, due, share } }] };
}

/** Conduct: from the month's inspections, deductions per warning and penalty, credit per commendation, clamped 0–100. */
function conduct(inputs: ReviewInputs, policy: ReviewPolicy): Scored {
  const { ok, notable } = inputs.inspections;
  const n = (outcome: NotableInspection['outcome']) => notable.filter((e) => e.outcome === outcome).length;
  const warning = n('warning'), penalty = n('penalty'), commendation = n('commendation');
  if (ok + notable.length === 0) return { score: null, steps: [{ code: 'conduct.none', values: {} }] };
  const c = policy.conduct;
  const raw = c.start - warning * c.warning - penalty * c.penalty + commendation * c.commendation;
  const score = clamp(raw, 0, 100);
  const steps: ReviewStep[] = [
    { code: 'conduct.counts', values: { ok, warning, penalty, commendation } },
    { code: 'conduct.calc', values: { start: c.start, warning, warningEach: c.warning, penalty, penaltyEach: c.penalty, commendation, commendationEach: c.commendation, raw } },
  ];
  if (score !== raw) steps.push({ code: 'conduct.clamped', values: { raw, score } });
  return { score, steps };
}

/** Complaints: each justified complaint that month is a deduction; pending ones are shown but not counted yet. */
function complaints(inputs: ReviewInputs, policy: ReviewPolicy): Scored & { justified: number } {
  const justified = inputs.complaints.filter((c) => c.status === 'justified').length;
  const pending = inputs.complaints.length - justified;
  const { start, perJustified } = policy.complaints;
  const raw = start - justified * perJustified;
  const score = Math.max(0, raw);
  return {
    justified,
    score,
    steps: [
      { code: 'complaints.counts', values: { justified, pending } },
      { code: 'complaints.calc', values: { start, justified, each: perJustified, score } },
    ],
  };
}

/**
 * Complaints still pending in a computed review. Approving freezes the month, after which they can no
 * longer be judged (only a reopening lets them), so the approve forms warn about them.
 */
export function pendingComplaints(result: ReviewResult): number {
  const counts = result.components.find((c) => c.key === 'complaints')?.steps.find((s) => s.code === 'complaints.counts');
  return Number(counts?.values.pending ?? 0);
}

/** The grade band a (rounded) total falls in: the first band whose minimum it reaches. */
export function gradeFor(total: number, policy: ReviewPolicy = REVIEW_POLICY): ReviewGrade {
  return (policy.bands.find((b) => total >= b.min) ?? policy.bands[policy.bands.length - 1]).grade;
}

/**
 * Computes one employee's monthly review from its inputs under a policy. Components without data are
 * reported missing and the weights of the others renormalised; complaints alone make no total. The
 * 3.10 flag is raised at the policy's count of justified complaints, whatever the score.
 */
export function computeMonthlyReview(inputs: ReviewInputs, policy: ReviewPolicy = REVIEW_POLICY): ReviewResult {
  const complaint = complaints(inputs, policy);
  const scored: Record<ReviewComponentKey, Scored> = {
    assessment: assessment(inputs),
    completion: completion(inputs),
    conduct: conduct(inputs, policy),
    complaints: complaint,
  };
  const hasEvidence = EVIDENCE.some((key) => scored[key].score !== null);
  const counted = (key: ReviewComponentKey) => hasEvidence && scored[key].score !== null;
  const base = hasEvidence ? (Object.keys(scored) as ReviewComponentKey[]).filter(counted).reduce((s, k) => s + policy.weights[k], 0) : 0;

  const components: ComponentResult[] = (Object.keys(scored) as ReviewComponentKey[]).map((key) => {
    const { score, steps } = scored[key];
    const weight = policy.weights[key];
    const share = counted(key) && base > 0 ? (weight / base) * 100 : null;
    return {
      key,
      missing: score === null,
      score,
      weight,
      share: share === null ? null : round2(share),
      points: share === null ? null : round2((score! * share) / 100),
      steps,
    };
  });

  const flags: ReviewFlag[] = complaint.justified >= policy.complaintFlagAt ? ['complaints-3.10'] : [];
  const flagStep: ReviewStep[] = flags.length ? [{ code: 'total.flag310', values: { justified: complaint.justified, threshold: policy.complaintFlagAt } }] : [];
  if (!hasEvidence || base <= 0) return { policyVersion: policy.version, components, total: null, grade: null, flags, steps: [{ code: 'total.noData', values: {} }, ...flagStep] };

  const exact = components.reduce((s, c) => (c.share === null ? s : s + (c.score! * policy.weights[c.key]) / base), 0);
  const total = round1(exact);
  const grade = gradeFor(total, policy);
  const missing = components.filter((c) => c.missing).map((c) => c.key);
  const min = policy.bands.find((b) => b.grade === grade)!.min;
  const steps: ReviewStep[] = [
    { code: 'total.weights', values: { base, missing: missing.join(',') } },
    { code: 'total.sum', values: { parts: components.filter((c) => c.points !== null).map((c) => `${c.points}`).join(' + '), total } },
    { code: 'total.grade', values: { total, grade, min } },
    ...flagStep,
  ];
  return { policyVersion: policy.version, components, total, grade, flags, steps };
}
