import type { Database } from './client';
import { complaints, inspections } from './schema';
import { addDays } from '../src/scoring/assignment-status';
import { orgToday } from '../src/lib/time-zone';

/**
 * Four weeks of daily inspections and two complaints for the demo's second team (客服二组), so the
 * monthly review shows every component on first start: ordinary days are one "inspected, all in
 * order" entry per person (Sundays off); 郑浩然 has a warning and a penalty and a justified complaint,
 * 吴雨桐 a commendation (000 第三章 7) and a pending complaint.
 */
export async function seedDemoConduct(db: Database, who: Record<'supervisor2' | 'learner5' | 'learner6' | 'learner7', number>): Promise<void> {
  const today = orgToday();
  const day = (daysAgo: number) => addDays(today, -daysAgo);
  const workdays = Array.from({ length: 28 }, (_, i) => i + 1).filter((d) => new Date(`${day(d)}T00:00:00Z`).getUTCDay() !== 0);
  const boss = who.supervisor2;
  const daily = [
    ...workdays.flatMap((d) => [who.learner5, who.learner6].map((employeeId) => ({ employeeId, date: day(d) }))),
    ...workdays.filter((d) => d <= 9).map((d) => ({ employeeId: who.learner7, date: day(d) })),
  ].map((e) => ({ ...e, inspectorId: boss, item: 'day', outcome: 'ok' as const }));
  await db.insert(inspections).values([
    ...daily,
    { employeeId: who.learner6, inspectorId: boss, date: day(12), item: '6.3', outcome: 'warning', note: '接听时未报工号，语气生硬' },
    { employeeId: who.learner6, inspectorId: boss, date: day(18), item: '5.3', outcome: 'penalty', note: '未交接擅自离开服务台约十五分钟' },
    { employeeId: who.learner5, inspectorId: boss, date: day(15), item: '7', outcome: 'commendation', note: '发现同事登记的退货金额有误并及时更正' },
  ]);
  await db.insert(complaints).values([
    { employeeId: who.learner6, date: day(11), channel: 'desk', summary: '顾客反映办理退货时等候过久、无人招呼', status: 'justified', recordedById: boss, judgedById: boss, judgedAt: new Date() },
    { employeeId: who.learner5, date: day(3), channel: 'phone', summary: '来电反映承诺的回电未按时回复', status: 'pending', recordedById: boss },
  ]);
}
