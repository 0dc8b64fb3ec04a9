import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { teams, users } from '../../db/schema';
import { queryRefusal } from '../../src/lib/server/hr/query';
import { USER_PAGE_SIZE, userListQuerySchema, userPage, userRowsQuery } from '../../src/lib/server/user-list';
import { createTeam } from '../../src/lib/server/users';
import { queryPlan, useTempDatabase } from '../helpers/db';
import { storedPerson } from '../helpers/people';
import { refusal } from '../helpers/refusal';

let hotline: number;
let desk: number;

/** Names, usernames and 工号 of the people a search is about (row order: by 工号, then 用户名). */
const names = (rows: { name: string }[]) => rows.map((r) => r.name);

beforeAll(async () => {
  await useTempDatabase();
  hotline = await createTeam(null, '热线组', null);
  desk = await createTeam(null, '服务台', null);
  await storedPerson('li.xiaowen', 'learner', { name: '李晓雯', employeeNo: 'KF101', teamId: hotline });
  await storedPerson('zhang.siyuan', 'learner', { name: '张思远', employeeNo: 'KF102', teamId: hotline, active: false });
  await storedPerson('chen.jiayi', 'supervisor', { name: '陈佳怡', employeeNo: 'KF201', teamId: desk });
  await storedPerson('wang_lihua', 'learner', { name: '王丽华', employeeNo: 'kf301', teamId: null });
  await storedPerson('anna.berg', 'hr', { name: 'Anna Berg', employeeNo: null, teamId: null });
  await storedPerson('percent', 'learner', { name: '百分之百%', employeeNo: 'KF401', teamId: desk });
  // 120 people of one intake, for paging: 工号 PG001–PG120, names 分页001–分页120.
  const db = await getDb();
  await db.insert(users).values(
    Array.from({ length: 120 }, (_, i) => {
      const n = String(i + 1).padStart(3, '0');
      return { username: `paging${n}`, name: `分页${n}`, employeeNo: `PG${n}`, role: 'learner' as const, teamId: i % 2 === 0 ? desk : null, passwordHash: 'x' };
    }),
  );
});

describe('searching the admin list', () => {
  it.each<[string, string, string[]]>([
    ['a part of a name', '晓雯', ['李晓雯']],
    ['a Latin name in another letter case', 'anna b', ['Anna Berg']],
    ['a username in capitals', 'ZHANG.SI', ['张思远']],
    ['a 工号 in lower case', 'kf10', ['李晓雯', '张思远']],
    ['a 工号 stored in lower case, typed in capitals', 'KF301', ['王丽华']],
    ['an underscore, literally (not any one character)', '_', ['王丽华']],
    ['a percent sign, literally (not anything)', '%', ['百分之百%']],
  ])('finds people by %s', async (_what, q, expected) => {
    expect(names((await userPage({ q })).rows)).toEqual(expected);
  });

  it('finds nobody for a text no one has, and says 0 of 0', async () => {
    expect(await userPage({ q: '没有这个人' })).toEqual({ rows: [], total: 0, page: 1, pages: 1, from: 0, to: 0 });
  });
});

describe('filtering the admin list', () => {
  it('shows one team’s people, archived or not, with the team name', async () => {
    const page = await userPage({ team: hotline, q: 'KF' });
    expect(page.rows.map((r) => [r.name, r.teamName])).toEqual([['李晓雯', '热线组'], ['张思远', '热线组']]);
  });

  it('shows the people without a team for team=none', async () => {
    const page = await userPage({ team: 'none', q: 'an' });
    expect(names(page.rows)).toEqual(['Anna Berg', '王丽华']);
    expect((await userPage({ team: 'none' })).total).toBe(2 + 60);
  });

  it('combines the search with team, role and status', async () => {
    expect(names((await userPage({ q: 'kf', team: desk })).rows)).toEqual(['陈佳怡', '百分之百%']);
    expect(names((await userPage({ q: 'kf', role: 'supervisor' })).rows)).toEqual(['陈佳怡']);
    expect(names((await userPage({ q: 'kf1', status: 'inactive' })).rows)).toEqual(['张思远']);
    expect(names((await userPage({ q: 'kf1', status: 'active' })).rows)).toEqual(['李晓雯']);
  });

  it('refuses a team number that does not exist with 400 unknown_team, not an empty list', async () => {
    const error = await refusal(userPage({ team: 999 }));
    expect(error).toMatchObject({ status: 400, code: 'unknown_team', key: 'hr.unknownTeam', params: { team: 999 } });
  });

  it('still shows an archived team’s people (their history stays readable)', async () => {
    const db = await getDb();
    const archived = await createTeam(null, '已撤销组', null);
    await db.update(teams).set({ archivedAt: new Date() }).where(eq(teams.id, archived));
    await storedPerson('leaver.one', 'learner', { name: '离职者', employeeNo: 'LV001', teamId: archived, active: false });
    expect(names((await userPage({ team: archived })).rows)).toEqual(['离职者']);
  });
});

describe('paging the admin list', () => {
  it('pages 120 matches 50 at a time, in 工号 order, each row once, with the positions shown', async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => userPage({ q: '分页', page })));
    expect(pages.map((p) => [p.total, p.page, p.pages, p.from, p.to, p.rows.length])).toEqual([
      [120, 1, 3, 1, 50, USER_PAGE_SIZE],
      [120, 2, 3, 51, 100, USER_PAGE_SIZE],
      [120, 3, 3, 101, 120, 20],
    ]);
    const employeeNos = pages.flatMap((p) => p.rows.map((r) => r.employeeNo));
    expect(employeeNos).toEqual(Array.from({ length: 120 }, (_, i) => `PG${String(i + 1).padStart(3, '0')}`));
  });

  it('shows the last page for a page past the end (a stale link), not an empty table', async () => {
    const page = await userPage({ q: '分页', page: 9 });
    expect([page.page, page.from, page.to, page.rows[0].employeeNo]).toEqual([3, 101, 120, 'PG101']);
  });

  it('fits exactly 50 matches on one page; 60 make two, the second showing 51–60', async () => {
    const fifty = await userPage({ q: '分页0', team: desk });
    expect([fifty.total, fifty.pages, fifty.page, fifty.from, fifty.to]).toEqual([50, 1, 1, 1, 50]);
    const sixty = await userPage({ q: '分页', team: desk, page: 2 });
    expect([sixty.total, sixty.pages, sixty.page, sixty.from, sixty.to]).toEqual([60, 2, 2, 51, 60]);
  });

  it('orders everyone by 工号 (people without one first), then 用户名, as the page always did', async () => {
    const db = await getDb();
    const all = await db.select({ employeeNo: users.employeeNo, username: users.username }).from(users);
    // SQLite puts NULL first in ascending order; 工号 and usernames here are ASCII, so code-unit order is byte order.
    const key = (r: (typeof all)[number]) => `${r.employeeNo === null ? '0' : `1${r.employeeNo}`}\u0000${r.username}`;
    const expected = [...all].sort((a, b) => (key(a) < key(b) ? -1 : 1)).slice(0, USER_PAGE_SIZE);
    const page = await userPage({});
    expect(page.total).toBe(all.length);
    expect(page.rows.map((r) => ({ employeeNo: r.employeeNo, username: r.username }))).toEqual(expected);
  });
});

describe('reading the list’s query string', () => {
  const parse = (query: Record<string, string>) => userListQuerySchema.safeParse(query);

  it('takes empty values as "not given" and trims the search', () => {
    expect(parse({ q: '  KF1 ', team: '', role: '', status: '', page: '' })).toEqual({ success: true, data: { q: 'KF1' } });
    expect(parse({ team: 'none', role: 'hr', status: 'inactive', page: '3', _action: 'admin.setActive' })).toEqual({
      success: true,
      data: { team: 'none', role: 'hr', status: 'inactive', page: 3 },
    });
  });

  it.each<[string, Record<string, string>, string]>([
    ['a team by name', { team: '客服中心' }, 'hr.badTeam'],
    ['a team that is not a number', { team: 'abc' }, 'hr.badTeam'],
    ['page 0', { page: '0' }, 'admin.users.badPage'],
    ['a negative page', { page: '-1' }, 'admin.users.badPage'],
    ['a page that is not a whole number', { page: '1.5' }, 'admin.users.badPage'],
    ['a page in words', { page: 'next' }, 'admin.users.badPage'],
    ['a search of 65 characters', { q: '工'.repeat(65) }, 'admin.users.searchTooLong'],
    ['an unknown role', { role: 'boss' }, 'hr.badChoice'],
    ['an unknown status', { status: 'gone' }, 'hr.badChoice'],
  ])('refuses %s with 400 invalid_query and a catalogue message', (_what, query, key) => {
    const parsed = parse(query);
    expect(parsed.success).toBe(false);
    const error = queryRefusal(parsed.error!);
    expect([error.status, error.code, error.key]).toEqual([400, 'invalid_query', key]);
    expect(error.params.field).toBe(Object.keys(query)[0]);
  });

  it('accepts a search of exactly 64 characters', () => {
    expect(parse({ q: '工'.repeat(64) }).success).toBe(true);
  });
});

describe('the admin list’s queries use an index', () => {
  it('reads an unfiltered page in order through users_list_order_idx, without sorting every row', async () => {
    const plan = (await queryPlan(userRowsQuery(await getDb(), {}, 3))).join(' | ');
    expect(plan).toContain('users USING INDEX users_list_order_idx');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('reads one team’s people through users_team_idx', async () => {
    const plan = (await queryPlan(userRowsQuery(await getDb(), { team: 1 }, 1))).join(' | ');
    expect(plan).toContain('users USING INDEX users_team_idx');
  });
});
