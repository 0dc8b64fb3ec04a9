/**
 * `npm run db:seed-large -- --employees 10000 --months 12`
 *
 * Fills a fresh database (DATABASE_URL) with a realistic organisation for benchmarks and load tests:
 * teams of 8–12 specialists under one supervisor each, a few HR and admin accounts, about 5% leavers,
 * and for every month: assessment and practice attempts (assessments with graded responses drawn from
 * the real assessment pools, credit following each person's ability and each item's difficulty),
 * assignments (on time, late, overdue), daily-inspection entries and complaints. Deterministic for a
 * given `--seed`. Every account's password is `--password` (default academy-demo), hashed once.
 */
import { parseArgs } from 'node:util';
import { Refusal, runCli } from './lib/cli';
import { databaseUrl, getDb } from '../db/client';
import { hashPassword } from '../src/lib/server/auth/password';
import { orgDayStart, orgToday } from '../src/lib/time-zone';
import { DAY_ITEM, INSPECTION_ITEMS } from '../src/lib/inspection-items';
import { quizzes } from '../src/quizzes/catalog';
import { correctAnswer, grade, type Answer, type Question } from '../src/quizzes/types';

const USAGE = 'npm run db:seed-large -- --employees N --months M [--seed S] [--password P]';

/** mulberry32: a tiny seeded generator, so two runs with one seed build the same organisation. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
    chance: (p: number) => next() < p,
    normal: () => Math.sqrt(-2 * Math.log(next() || 1e-9)) * Math.cos(2 * Math.PI * next()),
  };
}
type Rng = ReturnType<typeof generator>;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '晓雯思远佳怡子轩欣然浩然雨桐梓涵一诺宇航静怡俊杰婉婷志强丽华明辉海燕秀英建国红梅文博嘉欣天宇若曦梦琪晨阳家豪诗涵美玲国庆春花亚楠宏伟';
const CHANNELS = ['desk', 'phone', 'letter', 'online', 'other'] as const;
const COMPLAINT_SUMMARIES = ['顾客反映接待时态度冷淡', '电话回复不及时', '退换货解释不清', '让顾客等候过久', '未按首问负责制跟进', '用语不当引起顾客不满'];

function personName(rng: Rng): string {
  return rng.pick([...SURNAMES]) + rng.pick([...GIVEN]) + (rng.chance(0.6) ? rng.pick([...GIVEN]) : '');
}

/** An answer as stored (JSON) with the credit it earns. */
interface GradedAnswer {
  json: string;
  credit: number;
}

/** An answer a learner of this ability might give: the right one, or a near miss of the question's own shape. */
function answerFor(q: Question, rightProbability: number, rng: Rng): Answer {
  if (rng.chance(rightProbability)) return correctAnswer(q);
  switch (q.type) {
    case 'single':
      return rng.pick(q.options.filter((o) => o.id !== q.answer)).id;
    case 'multiple': {
      const wrong = q.options.filter((o) => !q.answer.includes(o.id)).map((o) => o.id);
      return [...q.answer.slice(1), ...(wrong.length ? [rng.pick(wrong)] : [])];
    }
    case 'ordering': {
      const order = [...q.answer];
      const i = rng.int(0, order.length - 2);
      [order[i], order[i + 1]] = [order[i + 1], order[i]];
      return order;
    }
    case 'matching': {
      const keys = Object.keys(q.answer);
      const out = { ...q.answer };
      if (keys.length > 1) [out[keys[0]], out[keys[1]]] = [out[keys[1]], out[keys[0]]];
      return out;
    }
    case 'scenario': {
      const nodes = new Map(q.nodes.map((n) => [n.id, n]));
      const path: string[] = [];
      let node = nodes.get(q.start);
      while (node) {
        const choice = rng.pick(node.choices);
        path.push(choice.id);
        node = choice.next ? nodes.get(choice.next) : undefined;
      }
      return path;
    }
  }
}

/** The first day (YYYY-MM-DD) of the month `back` months before the current organisation month. */
function monthStart(back: number): string {
  const [y, m] = orgToday().split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 - back, 1));
  return d.toISOString().slice(0, 10);
}

function daysIn(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const sqlText = (s: string | null) => (s === null ? 'NULL' : `'${s.replace(/'/g, "''")}'`);
const sqlValue = (v: unknown) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : typeof v === 'boolean' ? (v ? '1' : '0') : sqlText(String(v)));

/** Buffers rows of one table and writes them as multi-row INSERTs of a few hundred rows each. */
class Inserter {
  private rows: string[] = [];
  count = 0;
  constructor(
    private readonly run: (sql: string) => Promise<unknown>,
    private readonly table: string,
    private readonly columns: string[],
  ) {}
  async add(values: unknown[]) {
    this.rows.push(`(${values.map(sqlValue).join(',')})`);
    this.count += 1;
    if (this.rows.length >= 500) await this.flush();
  }
  async flush() {
    if (this.rows.length === 0) return;
    const sql = `INSERT INTO ${this.table} (${this.columns.join(',')}) VALUES ${this.rows.join(',')}`;
    this.rows = [];
    await this.run(sql);
  }
}

function readOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { employees: { type: 'string' }, months: { type: 'string' }, seed: { type: 'string' }, password: { type: 'string' } },
    strict: true,
  });
  const employees = Number(values.employees ?? 10000);
  const months = Number(values.months ?? 12);
  if (!Number.isInteger(employees) || employees < 10 || employees > 200_000) throw new Refusal(`--employees 须为 10–200000 的整数 / --employees must be 10–200000\n${USAGE}`, 2);
  if (!Number.isInteger(months) || months < 1 || months > 36) throw new Refusal(`--months 须为 1–36 的整数 / --months must be 1–36\n${USAGE}`, 2);
  return { employees, months, seed: Number(values.seed ?? 1), password: values.password ?? 'academy-demo' };
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  const started = Date.now();
  const rng = generator(options.seed);
  const db = await getDb();
  const client = db.$client;
  const existing = await client.execute('SELECT count(*) AS n FROM users');
  if (Number(existing.rows[0].n) > 0) throw new Refusal(`数据库不是空的 / the database is not empty: ${databaseUrl()}`);
  await client.execute('PRAGMA synchronous = OFF');
  const hash = await hashPassword(options.password);
  const today = orgToday();
  const now = Date.now();

  const pools = [...quizzes().values()].map((quiz) => ({
    id: quiz.config.id,
    draw: quiz.config.draw,
    items: quiz.list.filter((q) => q.pool === 'assessment'),
    practice: quiz.list.filter((q) => q.pool === 'practice'),
  }));
  // Each question's right answer and a few near misses, graded once: a response then only picks one.
  const answers = new Map<string, { right: GradedAnswer; wrong: GradedAnswer[] }>();
  const graded = (q: Question, answer: Answer): GradedAnswer => ({ json: JSON.stringify(answer), credit: grade(q, answer).credit });
  for (const p of pools)
    for (const q of p.items) answers.set(q.id, { right: graded(q, correctAnswer(q)), wrong: Array.from({ length: 4 }, () => graded(q, answerFor(q, 0, rng))) });
  const difficulty = new Map<string, number>();
  for (const p of pools) for (const q of [...p.items, ...p.practice]) difficulty.set(q.id, (q.difficulty - 2) * 0.8 + rng.normal() * 0.5);

  // Teams and supervisors, attempts and responses refer to each other mid-batch: keys are checked once at the end.
  await client.execute('PRAGMA foreign_keys = OFF');
  const tx = await client.transaction('write');
  const run = (sql: string) => tx.execute(sql);
  // People: teams of 8–12 specialists and one supervisor, then HR and admins.
  const users = new Inserter(run, 'users', ['id', 'username', 'employee_no', 'name', 'role', 'team_id', 'hire_date', 'go_live_date', 'active', 'password_hash']);
  const teams = new Inserter(run, 'teams', ['id', 'name', 'supervisor_id']);
  const people: { id: number; ability: number; active: boolean; hired: string; role: string }[] = [];
  let userId = 0;
  let teamId = 0;
  const firstMonth = monthStart(options.months - 1);
  while (userId < options.employees) {
    teamId += 1;
    const size = rng.int(8, 12);
    const supervisorId = ++userId;
    await users.add([supervisorId, `sup${supervisorId}`, `KF${String(supervisorId).padStart(6, '0')}`, personName(rng), 'supervisor', teamId, firstMonth, firstMonth, 1, hash]);
    people.push({ id: supervisorId, ability: 0.8 + rng.normal() * 0.5, active: true, hired: firstMonth, role: 'supervisor' });
    await teams.add([teamId, `客服${teamId}组`, supervisorId]);
    for (let i = 0; i < size && userId < options.employees; i++) {
      const id = ++userId;
      const hiredBack = rng.int(0, options.months + 6);
      const hired = hiredBack >= options.months ? firstMonth : monthStart(hiredBack).slice(0, 8) + String(rng.int(1, 28)).padStart(2, '0');
      const active = !rng.chance(0.05);
      const live = hiredBack > 1 ? hired : null;
      await users.add([id, `emp${id}`, `KF${String(id).padStart(6, '0')}`, personName(rng), 'learner', teamId, hired, live, active, hash]);
      people.push({ id, ability: rng.normal() * 0.9 + 0.4, active, hired, role: 'learner' });
    }
  }
  const staff = [
    ['hr', 'hr', 'HR000001'],
    ['hr2', 'hr', 'HR000002'],
    ['admin', 'admin', 'IT000001'],
  ] as const;
  for (const [username, role, no] of staff) await users.add([++userId, username, no, personName(rng), role, null, firstMonth, null, 1, hash]);
  await users.flush();
  await teams.flush();

  const attempts = new Inserter(run, 'attempts', ['id', 'user_id', 'quiz_id', 'content_hash', 'mode', 'seed', 'question_ids', 'started_at', 'deadline', 'submitted_at', 'score', 'passed']);
  const responses = new Inserter(run, 'responses', ['attempt_id', 'question_id', 'answer', 'credit', 'saved_at']);
  const assignments = new Inserter(run, 'assignments', ['module', 'assignee_id', 'assigned_by_id', 'kind', 'due_date', 'completed_at', 'completing_attempt_id', 'created_at']);
  const inspections = new Inserter(run, 'inspections', ['employee_id', 'inspector_id', 'date', 'item', 'outcome', 'note', 'spot_check']);
  const complaints = new Inserter(run, 'complaints', ['employee_id', 'date', 'channel', 'summary', 'status', 'recorded_by_id', 'judged_by_id', 'judged_at']);
  const supervisorOf = new Map<number, number>();
  {
    let current = 0;
    for (const p of people) {
      if (p.role === 'supervisor') current = p.id;
      supervisorOf.set(p.id, current);
    }
  }
  let attemptId = 0;
  const rules = INSPECTION_ITEMS.filter((i) => i.outcomes.includes('warning'));
  const commendable = INSPECTION_ITEMS.filter((i) => i.outcomes.includes('commendation'));
  const hashes = new Map([...quizzes().values()].map((q) => [q.config.id, q.contentHash]));

  for (let back = options.months - 1; back >= 0; back--) {
    const month = monthStart(back).slice(0, 7);
    const lastDay = back === 0 ? Number(today.slice(8, 10)) : daysIn(month);
    const dayOf = (d: number) => `${month}-${String(d).padStart(2, '0')}`;
    const at = (d: number, hour: number) => orgDayStart(dayOf(d)) + hour * 3_600_000 + rng.int(0, 3_599_999);
    for (const p of people) {
      if (p.hired > dayOf(lastDay)) continue;
      if (!p.active && back < 2) continue; // leavers left two months ago
      const inspector = p.role === 'supervisor' ? null : supervisorOf.get(p.id)!;
      // Assessments with graded responses, and practice attempts (no responses: practice is not reported).
      const assessments = rng.chance(0.5) ? 2 : 1;
      for (let k = 0; k < assessments; k++) {
        const quiz = rng.pick(pools);
        const day = rng.int(1, lastDay);
        const start = at(day, rng.int(9, 17));
        const drawn = [...quiz.items].sort(() => rng.next() - 0.5).slice(0, quiz.draw);
        const id = ++attemptId;
        let total = 0;
        for (const q of drawn) {
          const p_right = 1 / (1 + Math.exp(-(p.ability - difficulty.get(q.id)!) * 1.7));
          const given = rng.chance(p_right) ? answers.get(q.id)!.right : rng.pick(answers.get(q.id)!.wrong);
          total += given.credit;
          await responses.add([id, q.id, given.json, given.credit, start + 60_000]);
        }
        const score = Math.round((total / drawn.length) * 1000) / 10;
        await attempts.add([id, p.id, quiz.id, hashes.get(quiz.id), 'assessment', id, JSON.stringify(drawn.map((q) => q.id)), start, start + 1_500_000, start + rng.int(300_000, 1_400_000), score, score >= 80 ? 1 : 0]);
      }
      const practice = rng.int(0, 3);
      for (let k = 0; k < practice; k++) {
        const quiz = rng.pick(pools);
        const start = at(rng.int(1, lastDay), rng.int(8, 20));
        const ids = quiz.practice.slice(0, quiz.draw).map((q) => q.id);
        const score = Math.round(Math.min(100, Math.max(0, 70 + p.ability * 15 + rng.normal() * 10)) * 10) / 10;
        await attempts.add([++attemptId, p.id, quiz.id, hashes.get(quiz.id), 'practice', attemptId, JSON.stringify(ids), start, null, start + 600_000, score, score >= 80 ? 1 : 0]);
      }
      // Assignments due this month: most on time, some late, some still open (overdue once the day passed).
      if (inspector && rng.chance(0.8)) {
        const due = rng.int(5, daysIn(month));
        const roll = rng.next();
        const done = roll < 0.72 ? at(Math.max(1, due - rng.int(0, 4)), 15) : roll < 0.87 ? at(due, 0) + 86_400_000 * rng.int(1, 5) : null;
        const kind = rng.pick(['onboarding', 'refresher', 'mandatory'] as const);
        await assignments.add([rng.pick(pools).id, p.id, inspector, kind, dayOf(due), done !== null && done <= now ? done : null, null, at(1, 9)]);
      }
      // Daily inspections (000 9.1): a handful of days a month, mostly in order.
      const checked = new Set<string>();
      const days = rng.int(3, 6);
      for (let k = 0; k < days; k++) {
        const d = dayOf(rng.int(1, lastDay));
        const r = rng.next();
        const outcome = r < 0.86 ? 'ok' : r < 0.94 ? 'warning' : r < 0.97 ? 'penalty' : 'commendation';
        const item = outcome === 'ok' ? DAY_ITEM : rng.pick(outcome === 'commendation' ? commendable : rules).id;
        if (checked.has(d + item)) continue;
        checked.add(d + item);
        await inspections.add([p.id, inspector ?? supervisorOf.get(p.id), d, item, outcome, outcome === 'ok' ? null : '检查记录', inspector === null ? 1 : 0]);
      }
      // Complaints (000 3.10): rare, judged by the supervisor.
      if (rng.chance(0.1)) {
        const n = rng.chance(0.02) ? 5 : 1;
        for (let k = 0; k < n; k++) {
          const d = rng.int(1, lastDay);
          const status = rng.chance(0.45) ? 'justified' : rng.chance(0.8) ? 'unjustified' : 'pending';
          await complaints.add([p.id, dayOf(d), rng.pick(CHANNELS), rng.pick(COMPLAINT_SUMMARIES), status, inspector, status === 'pending' ? null : inspector, status === 'pending' ? null : at(d, 18)]);
        }
      }
    }
  }
  for (const table of [attempts, responses, assignments, inspections, complaints]) await table.flush();
  await tx.commit();
  const broken = await client.execute('PRAGMA foreign_key_check');
  if (broken.rows.length > 0) throw new Error(`seed left ${broken.rows.length} broken references`);
  await client.execute('PRAGMA optimize');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `已生成 / seeded ${databaseUrl()} in ${seconds} s: ${people.length} employees in ${teamId} teams, ${attempts.count} attempts (${responses.count} responses), ${assignments.count} assignments, ${inspections.count} inspections, ${complaints.count} complaints`,
  );
  console.log(`sign in as hr / admin / sup1 / emp2 with password ${options.password}`);
  client.close();
}

runCli(main, USAGE);
