import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '../../db/client';
import { assignments } from '../../db/schema';
import { startAttempt } from '../../src/lib/server/attempts';
import { createAssignments } from '../../src/lib/server/assignments';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { learnerHome } from '../../src/lib/server/learner-home';
import { lessonPage, moduleOverview } from '../../src/lib/server/learning';
import { lessonBody, listModules, markStudied, searchLessons } from '../../src/lib/server/lessons';
import { requiredQuizIds } from '../../src/lib/server/module-catalog';
import { scoresDownload } from '../../src/lib/server/hr/downloads';
import { scoreReport } from '../../src/lib/server/people';
import { attemptPage, quizOverview } from '../../src/lib/server/quiz-page';
import { parseTeamFilter, teamOverview } from '../../src/lib/server/team-overview';
import { orgToday } from '../../src/lib/time-zone';
import { loadLessons } from '../../src/lessons/check';
import { MODULE_IDS } from '../../src/lessons/schema';
import { getQuiz, quizzes } from '../../src/quizzes/catalog';
import { addDays } from '../../src/scoring/assignment-status';
import { takeAssessment } from '../helpers/attempts';
import { person, teamWith } from '../helpers/people';

/**
 * The services that read the lesson collection (`astro:content`), against the real lessons (loaded by
 * tests/helpers/content-store.ts) and a real database. Expected figures come from the files on disk,
 * so an empty or half-loaded collection fails here rather than showing learners an empty home.
 */
const LESSONS = new URL('../../src/lessons/', import.meta.url);
const onDisk = (module: string) => readdirSync(new URL(`${module}/`, LESSONS)).filter((f) => /^\d\d-.+\.mdx$/.test(f)).sort().map((f) => f.replace(/\.mdx$/, ''));

type Team = Awaited<ReturnType<typeof teamWith>>;
/** Two teams, each with its own supervisor. The tests run in order and build on each other's work. */
let a: Team;
let b: Team;

beforeAll(async () => {
  a = await teamWith(2);
  b = await teamWith(1);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the learner home', () => {
  it('lists every module in teaching order with its lessons counted from the content', async () => {
    const home = await learnerHome(a.members[0].id);
    expect(home.modules.map((m) => m.id)).toEqual([...MODULE_IDS]);
    for (const m of home.modules) expect(m.lessons, m.id).toBe(onDisk(m.id).length);
    expect(home.modules.every((m) => m.studied === 0 && m.passed === null)).toBe(true);
    expect(home.readiness).toEqual({ required: requiredQuizIds().length, passed: 0, ready: false });
  });

  it('counts lessons studied per module, once each, and ignores a lesson that does not exist', async () => {
    const me = a.members[0];
    const [first, second] = onDisk('conduct');
    expect(await markStudied(me.id, 'conduct', first)).toBe(true);
    expect(await markStudied(me.id, 'conduct', first)).toBe(true);
    expect(await markStudied(me.id, 'conduct', second)).toBe(true);
    expect(await markStudied(me.id, 'conduct', '99-no-such-lesson')).toBe(false);
    expect(await markStudied(me.id, 'nowhere', first)).toBe(false);
    const home = await learnerHome(me.id);
    expect(Object.fromEntries(home.modules.map((m) => [m.id, m.studied]))).toEqual({ ...Object.fromEntries(MODULE_IDS.map((id) => [id, 0])), conduct: 2 });
    expect((await learnerHome(a.members[1].id)).modules.find((m) => m.id === 'conduct')!.studied).toBe(0);
  });

  it('shows a passed and a failed assessment with the best score, and readiness from required passes', async () => {
    const me = a.members[0];
    await takeAssessment(me, 'conduct', true);
    await takeAssessment(me, 'language', false);
    const home = await learnerHome(me.id);
    const byId = new Map(home.modules.map((m) => [m.id, m]));
    expect(byId.get('conduct')).toMatchObject({ passed: true, best: 100 });
    expect(byId.get('language')).toMatchObject({ passed: false, best: 0 });
    expect(requiredQuizIds()).toContain('conduct');
    expect(home.readiness).toMatchObject({ passed: 1, ready: false });
  });

  it('orders assigned work overdue first, then by due date, with reminders; finished work moves to recent', async () => {
    const me = a.members[1];
    const today = orgToday();
    const assign = async (module: string, dueDate: string, kind: 'mandatory' | 'refresher' = 'mandatory') =>
      (await createAssignments(a.supervisor, { employeeNos: [me.employeeNo!], module, kind, dueDate })).created[0];
    const later = await assign('complaints', addDays(today, 20));
    const soon = await assign('language', addDays(today, 2));
    const late = await assign('desk-rules', addDays(today, 5));
    const passed = await assign('conduct', addDays(today, 9));
    const db = await getDb();
    await db.update(assignments).set({ dueDate: addDays(today, -1) }).where(eq(assignments.id, late.id));
    await takeAssessment(me, 'conduct', true);
    const home = await learnerHome(me.id);
    expect(home.todo.map((t) => [t.id, t.status, t.reminder])).toEqual([
      [late.id, 'overdue', 'overdue'],
      [soon.id, 'open', 'due_soon'],
      [later.id, 'open', null],
    ]);
    expect(home.recent.map((t) => [t.id, t.status])).toEqual([[passed.id, 'completed']]);
  });

  it('points a refresher at the lesson sections of its topics', async () => {
    const me = b.members[0];
    const topic = getQuiz('complaints')!.list.find((q) => q.pool === 'practice')!.topic;
    const { created: [refresher] } = await createAssignments(b.supervisor, { employeeNos: [me.employeeNo!], module: 'complaints', kind: 'refresher', topics: [topic], dueDate: addDays(orgToday(), 7) });
    const home = await learnerHome(me.id);
    const lessons = home.todo.find((t) => t.id === refresher.id)!.lessons;
    expect(lessons.length).toBeGreaterThan(0);
    for (const href of lessons) {
      const [, module, slug] = /^\/learn\/([a-z-]+)\/([a-z0-9-]+)#.+$/.exec(href)!;
      expect(onDisk(module), href).toContain(slug);
    }
  });
});

describe('module and lesson pages', () => {
  it('list a module’s lessons in order with when the reader studied each', async () => {
    const me = a.members[0];
    const page = (await moduleOverview(me.id, 'conduct'))!;
    expect(page.lessons.map((l) => l.slug)).toEqual(onDisk('conduct'));
    expect(page.studied).toBe(2);
    expect(page.lessons.filter((l) => l.studiedAt !== null).map((l) => l.slug)).toEqual(onDisk('conduct').slice(0, 2));
    expect(await moduleOverview(me.id, 'nowhere')).toBeUndefined();
  });

  it('link each lesson to its neighbours, with none before the first or after the last', async () => {
    const slugs = onDisk('complaints');
    const first = (await lessonPage(b.members[0].id, 'complaints', slugs[0]))!;
    expect(first).toMatchObject({ prev: null, next: { slug: slugs[1] }, studiedAt: null });
    const last = (await lessonPage(b.members[0].id, 'complaints', slugs.at(-1)!))!;
    expect(last).toMatchObject({ prev: { slug: slugs.at(-2) }, next: null });
    expect(await lessonPage(b.members[0].id, 'complaints', '99-none')).toBeUndefined();
    expect(await lessonPage(b.members[0].id, 'complaints', '../conduct')).toBeUndefined();
  });

  it('render every lesson with the section ids the content checker and the question links expect', async () => {
    const checked = await loadLessons(fileURLToPath(LESSONS));
    const links = new Set([...quizzes().values()].flatMap((q) => q.list.map((x) => x.lesson)));
    const rendered = new Set<string>();
    for (const m of await listModules())
      for (const { slug, entry } of m.lessons) {
        const { html, headings } = await lessonBody(entry);
        const ids = [...html.matchAll(/<h[2-6] id="([^"]+)"/g)].map((x) => x[1]);
        const expected = checked.lessons.find((l) => l.module === m.id && l.slug === slug)!.anchors;
        expect(ids, `${m.id}/${slug}`).toEqual(expected);
        expect(headings.filter((h) => h.depth > 1).map((h) => h.slug), `${m.id}/${slug}`).toEqual(expected);
        for (const id of ids) rendered.add(`${m.id}/${slug}#${id}`);
      }
    expect(links.size).toBeGreaterThan(50);
    for (const link of links) expect(rendered, link).toContain(link);
  });
});

describe('lesson search', () => {
  it('finds a phrase in the lesson bodies and names the lesson it is in', async () => {
    const hits = await searchLessons('公开、公平、公正');
    expect(hits.some((h) => h.module === 'desk-rules' && h.slug === onDisk('desk-rules')[0])).toBe(true);
    expect(await searchLessons('这句话不在任何一课里出现')).toEqual([]);
  });

  it('names a source note’s manual as the page does (手册 004), never its file name', async () => {
    expect(await searchLessons('txt')).toEqual([]);
    expect(await searchLessons('2fadcbd4')).toEqual([]);
    const hits = await searchLessons('手册 004');
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(`${hit.before}${hit.match}${hit.after}`).not.toMatch(/\.txt|_[0-9a-f]{8}/);
  });
});

describe('team readiness for two supervisors', () => {
  it('shows each supervisor only their own team, with readiness from the required assessments passed', async () => {
    const required = requiredQuizIds();
    const ready = a.members[0]; // passed conduct above; a.members[1] passed conduct through an assignment

    for (const quizId of required) if (quizId !== 'conduct') await takeAssessment(ready, quizId, true);
    const [mineA, mineB] = await Promise.all([a.supervisor, b.supervisor].map((s) => teamOverview(s, parseTeamFilter(new URLSearchParams()))));
    expect(mineA.rows.map((r) => r.id).sort()).toEqual(a.members.map((m) => m.id).sort());
    expect(mineB.rows.map((r) => r.id)).toEqual(b.members.map((m) => m.id));
    const rowOf = (id: number) => mineA.rows.find((r) => r.id === id)!;
    expect(rowOf(ready.id)).toMatchObject({ goLive: 'ready', passed: required.length, required: required.length });
    expect(rowOf(a.members[1].id)).toMatchObject({ goLive: 'preparing', passed: 1 });
    expect(mineB.rows[0]).toMatchObject({ goLive: 'preparing', passed: 0 });
    const ready2 = await teamOverview(a.supervisor, parseTeamFilter(new URLSearchParams('show=ready')));
    expect(ready2.rows.map((r) => r.id)).toEqual([ready.id]);
    const home = await learnerHome(ready.id);
    expect(home.readiness).toEqual({ required: required.length, passed: required.length, ready: true });
  });

  it('a supervisor asking for the other team sees nobody', async () => {
    const asked = await teamOverview(b.supervisor, parseTeamFilter(new URLSearchParams(`team=${a.teamId}`)));
    expect(asked.rows).toEqual([]);
  });
});

describe('the HR score report', () => {
  it('lists every module by quiz with its lesson title, and each person their best scores', async () => {
    const report = await scoreReport(a.teamId);
    expect(report.modules.map((m) => m.id)).toEqual([...MODULE_IDS]);
    expect(report.modules.every((m) => m.title.length > 0 && m.title !== m.id)).toBe(true);
    expect(report.modules.find((m) => m.id === 'complaints')).toMatchObject({ title: '客诉处理', titleEn: 'Complaint handling' });
    expect(report.rows.map((r) => r.id).sort()).toEqual(a.members.map((m) => m.id).sort());
    const ready = report.rows.find((r) => r.id === a.members[0].id)!;
    expect(ready.scores.get('conduct')).toMatchObject({ best: 100, passed: true });
    expect(ready.scores.get('language')).toMatchObject({ passed: true });
    expect(report.rows.find((r) => r.id === a.members[1].id)!.scores.get('language')).toBeUndefined();
  });

  it('the download names each module by the same title the report and the lessons use', async () => {
    const titles = new Map((await scoreReport()).modules.map((m) => [m.id, m.title]));
    const today = orgToday();
    const csv = await (await scoresDownload({ from: addDays(today, -1), to: addDays(today, 1) }, 'csv')).text();
    const rows = csv.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
    const mine = rows.filter((r) => r.startsWith(`${a.members[0].employeeNo},`));
    expect(mine.length).toBeGreaterThanOrEqual(requiredQuizIds().length);
    expect(mine.some((r) => r.includes(`,${titles.get('conduct')},`))).toBe(true);
    for (const r of rows) expect([...titles.values()].some((t) => r.includes(`,${t},`)), r).toBe(true);
  });

  it('without a team lists everyone active across teams', async () => {
    const ids = (await scoreReport()).rows.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([...a.members, ...b.members].map((m) => m.id)));
  });
});

describe('the quiz overview', () => {
  let learner: SessionUser;
  beforeAll(async () => {
    learner = await person('learner', { teamId: b.teamId });
  });

  it('is missing for an unknown quiz and names the module from the lessons', async () => {
    expect(await quizOverview(learner.id, 'nowhere')).toBeUndefined();
    const page = (await quizOverview(learner.id, 'desk-rules'))!;
    expect(page.module).toMatchObject({ id: 'desk-rules', quiz: 'desk-rules' });
    expect(page.module.title.length).toBeGreaterThan(0);
    expect(page).toMatchObject({ attempts: [], openPractice: false, openAssessment: false, attemptsLeft: 3, grantor: null });
  });

  it('shows open practice and assessment, and stops calling an assessment open once its deadline passes', async () => {
    await startAttempt(learner, 'desk-rules', 'practice');
    const { attempt } = await startAttempt(learner, 'desk-rules', 'assessment');
    expect(await quizOverview(learner.id, 'desk-rules')).toMatchObject({ openPractice: true, openAssessment: true, attemptsLeft: 2 });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse(attempt.deadline!) + 1_000);
    expect(await quizOverview(learner.id, 'desk-rules')).toMatchObject({ openPractice: true, openAssessment: false });
  });

  it('names the supervisor who can grant another attempt once all are used', async () => {
    for (let i = 0; i < 3; i++) await takeAssessment(learner, 'desk-rules', false); // the open one, then two more
    const page = (await quizOverview(learner.id, 'desk-rules'))!;
    expect(page.attemptsLeft).toBe(0);
    expect(page.grantor).toBe(b.supervisor.name);
    expect(page.attempts.filter((x) => x.mode === 'assessment')).toHaveLength(3);
  });

  it('shows an attempt with its module title to its owner only', async () => {
    const { attempt } = await startAttempt(learner, 'conduct', 'practice');
    const page = await attemptPage(learner, String(attempt.id));
    expect(page).toMatchObject({ view: { id: attempt.id }, title: expect.any(String), titleEn: expect.any(String) });
    expect(await attemptPage(b.supervisor, String(attempt.id))).toBe('forbidden');
    expect(await attemptPage(learner, 'x')).toBe('missing');
    expect(await attemptPage(learner, '999999')).toBe('missing');
  });
});
