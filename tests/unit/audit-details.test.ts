import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, type AuditAction } from '../../db/schema';
import { translator, type Locale } from '../../src/i18n';
import { AUDIT_DETAIL_FIELDS, USER_CHANGE_FIELDS, auditDetailLines, detailIds, type AuditLookups } from '../../src/lib/server/audit-details';
import { ROSTER_COLUMNS } from '../../src/lib/roster/rows';

/**
 * The audit log's details read in words. The first part reads every audit writer in the source
 * (`audit(actor, action, subject, { … })` and `insert(auditLog).values({ action, details: { … } })`,
 * in src/ and the demo history seed) and finds the fields each action stores, so a writer that starts
 * storing a field nobody labelled fails here, as does one storing anything that looks like a secret.
 */

const ROOT = join(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The action names an expression can be: a string literal, or either side of a `?:` of them. */
function actionsOf(node: ts.Expression): string[] | null {
  if (ts.isStringLiteralLike(node)) return [node.text];
  if (ts.isConditionalExpression(node)) {
    const [a, b] = [actionsOf(node.whenTrue), actionsOf(node.whenFalse)];
    return a && b ? [...a, ...b] : null;
  }
  return null;
}

/** A details argument as its object literal: written in place, or a `const` initialised with one in the same file. */
function objectOf(node: ts.Expression, file: ts.SourceFile): ts.ObjectLiteralExpression | 'none' | null {
  if (ts.isObjectLiteralExpression(node)) return node;
  if (ts.isParenthesizedExpression(node)) return objectOf(node.expression, file);
  if (node.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isIdentifier(node) && node.text === 'undefined') || node.kind === ts.SyntaxKind.NullKeyword) return 'none';
  if (!ts.isIdentifier(node)) return null;
  let found: ts.ObjectLiteralExpression | null = null;
  const visit = (n: ts.Node) => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === node.text && n.initializer && ts.isObjectLiteralExpression(n.initializer) && n.pos < node.pos) found = n.initializer;
    ts.forEachChild(n, visit);
  };
  visit(file);
  return found;
}

/** The fields a details argument stores: of its object literal, of both sides of a `?:`, none for undefined or null; null if unreadable. */
function detailKeys(node: ts.Expression | undefined, file: ts.SourceFile): string[] | null {
  if (!node) return [];
  if (ts.isConditionalExpression(node)) {
    const [a, b] = [detailKeys(node.whenTrue, file), detailKeys(node.whenFalse, file)];
    return a && b ? [...a, ...b] : null;
  }
  const object = objectOf(node, file);
  return object === 'none' ? [] : object && keysOf(object);
}

/** The property names an object literal writes (shorthand included); null if it spreads something. */
function keysOf(object: ts.ObjectLiteralExpression): string[] | null {
  const keys: string[] = [];
  for (const p of object.properties) {
    if ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) keys.push(p.name.text);
    else return null;
  }
  return keys;
}

interface Writer {
  where: string;
  actions: string[];
  /** The stored fields, or null when the scan could not read them (a failure of its own below). */
  keys: string[] | null;
}

/** Every audit write in a file, with its action(s) and the fields of its details. */
function writersIn(path: string): Writer[] {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const writers: Writer[] = [];
  const where = (n: ts.Node) => `${relative(ROOT, path)}:${file.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const details = (arg: ts.Expression | undefined) => detailKeys(arg, file);
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'audit' && n.arguments.length >= 2) {
      writers.push({ where: where(n), actions: actionsOf(n.arguments[1]) ?? [], keys: details(n.arguments[3]) });
    }
    // tx.insert(auditLog).values({ action: …, details: { … } })
    if (
      ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'values' &&
      ts.isCallExpression(n.expression.expression) && n.expression.expression.arguments.some((a) => ts.isIdentifier(a) && a.text === 'auditLog')
    ) {
      const row = n.arguments[0];
      const prop = (name: string) => (row && ts.isObjectLiteralExpression(row) ? row.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name) : undefined);
      writers.push({ where: where(n), actions: prop('action') ? (actionsOf(prop('action')!.initializer) ?? []) : [], keys: details(prop('details')?.initializer) });
    }
    ts.forEachChild(n, visit);
  };
  visit(file);
  return writers;
}

// audit.ts is the writer itself (its insert passes every caller's details through).
const writers = [...sourceFiles(join(ROOT, 'src')).filter((f) => !f.endsWith('/lib/server/audit.ts')), join(ROOT, 'db/seed-demo-history.ts')].flatMap(writersIn);
const ACTIONS: readonly string[] = AUDIT_ACTIONS;

/** The fields `user.update` stores inside `changes`: an admin's edit (org-admin.ts) and a roster import (every column but the 工号 it matches on). */
function userChangeFields(): string[] {
  const edit = /for \(const key of \[([^\]]+)\] as const\) if \(user\[key\] !== next\[key\]\) changes\[key\]/.exec(readFileSync(join(ROOT, 'src/lib/server/org-admin.ts'), 'utf8'));
  expect(edit, 'updateUser’s list of audited fields (org-admin.ts) moved: point this test at it').not.toBeNull();
  const edited = [...edit![1].matchAll(/'(\w+)'/g)].map((m) => m[1]);
  return [...new Set([...edited, ...ROSTER_COLUMNS.filter((c) => c !== 'employeeNo')])];
}

describe('every audit writer', () => {
  it('is found, with an action and fields the scan can read', () => {
    expect(writers.length).toBeGreaterThan(25);
    expect(writers.filter((w) => w.actions.length === 0 || w.keys === null).map((w) => w.where)).toEqual([]);
    expect(writers.flatMap((w) => w.actions.filter((a) => !ACTIONS.includes(a)).map((a) => `${w.where}: ${a}`))).toEqual([]);
  });

  it('exists for every declared action', () => {
    const written = new Set(writers.flatMap((w) => w.actions));
    expect(AUDIT_ACTIONS.filter((a) => !written.has(a))).toEqual([]);
  });

  it('stores no password, hash, token value or other secret', () => {
    const secret = /password|hash|secret|^token$|otp/i;
    expect(writers.flatMap((w) => (w.keys ?? []).filter((k) => secret.test(k)).map((k) => `${w.where}: ${k}`))).toEqual([]);
    expect(userChangeFields().filter((k) => secret.test(k))).toEqual([]);
  });

  it.each(AUDIT_ACTIONS)('stores for %s only fields that have a label', (action) => {
    const stored = writers.filter((w) => w.actions.includes(action)).flatMap((w) => w.keys ?? []);
    const declared = AUDIT_DETAIL_FIELDS[action];
    expect(stored.filter((k) => !Object.hasOwn(declared, k))).toEqual([]);
  });

  it('stores inside user.update’s changes only fields that have a label', () => {
    expect(userChangeFields().filter((k) => !Object.hasOwn(USER_CHANGE_FIELDS, k))).toEqual([]);
  });
});

const lookups: AuditLookups = {
  users: new Map([
    [7, { name: '王丽华', employeeNo: 'KF001' }],
    [8, { name: '无工号', employeeNo: null }],
  ]),
  teams: new Map([
    [1, '客服中心'],
    [2, '客服二组'],
  ]),
};

/** A stored value of the shape each field's writer stores, to format every field of every action. */
function sample(action: AuditAction, key: string): unknown {
  const samples: Record<string, unknown> = {
    changes: Object.fromEntries(userChangeFields().map((k) => [k, k === 'teamId' ? [1, 2] : k === 'role' ? ['learner', 'supervisor'] : k === 'hireDate' ? ['2026-03-01', '2026-04-01'] : ['甲', '乙']])),
    from: action === 'user.move' ? 1 : action === 'complaint.judge' ? 'pending' : '旧名',
    to: action === 'user.move' ? 2 : action === 'complaint.judge' ? 'justified' : '新名',
    supervisorId: 7, employeeId: 7, role: 'supervisor', via: 'import', device: 'trusted', kind: 'refresher', module: 'conduct', quizId: 'complaints',
    scope: 'reviews:read,scores:read', expiresAt: '2026-12-20T04:00:00.000Z', grade: 'good', flags: ['complaints-3.10'], channel: 'phone',
    reopened: true, teamsCreated: ['二号服务台'], topics: ['投诉处理'], reason: '补考', name: '名称', username: 'someone', month: '2026-11',
  };
  return Object.hasOwn(samples, key) ? samples[key] : key.endsWith('Date') || key === 'date' ? '2026-12-20' : 3;
}

describe('the details of every action', () => {
  const stored = (action: AuditAction) => [...new Set(writers.filter((w) => w.actions.includes(action)).flatMap((w) => w.keys ?? []))];

  it.each(AUDIT_ACTIONS.flatMap((action) => (['zh-CN', 'en'] as Locale[]).map((locale) => [action, locale] as const)))('%s read in %s: every stored field labelled, no raw key or value', (action, locale) => {
    const details = Object.fromEntries(stored(action).map((k) => [k, sample(action, k)]));
    const lines = auditDetailLines(action, details, lookups, translator(locale), locale);
    const rawKeys = [...stored(action), ...userChangeFields()];
    expect(lines.filter((l) => l.label === null || rawKeys.includes(l.label))).toEqual([]);
    // Nothing left as a stored English code in the Chinese page: no role, status, kind, channel, grade, flag, device or source.
    if (locale === 'zh-CN') expect(lines.filter((l) => /\b(learner|supervisor|pending|justified|refresher|phone|good|complaints-3\.10|trusted|import)\b/.test(l.value))).toEqual([]);
  });
});

describe('a family of actions', () => {
  const zh = translator('zh-CN');
  const en = translator('en');
  const read = (action: string, details: unknown, locale: Locale = 'zh-CN') => auditDetailLines(action, details, lookups, locale === 'en' ? en : zh, locale).map((l) => (l.label === null ? l.value : `${l.label}: ${l.value}`));

  it('user edits: each changed field old → new, teams by name, an unknown team by number', () => {
    const details = { changes: { name: ['旧', '新'], employeeNo: [null, 'KF9'], role: ['learner', 'supervisor'], teamId: [1, 12] } };
    expect(read('user.update', details)).toEqual(['姓名: 旧 → 新', '工号: 无 → KF9', '角色: 客服专员 → 客服主管', '团队: 客服中心 → #12']);
    expect(read('user.update', details, 'en')).toEqual(['Name: 旧 → 新', '工号: none → KF9', 'Role: Service specialist → Supervisor', 'Team: 客服中心 → #12']);
    expect(read('user.update', { changes: { team: ['客服中心', null], hireDate: [null, '2026-03-01'] }, via: 'import' })).toEqual(['团队: 客服中心 → 无', '入职日期: 无 → 2026-03-01', '来源: 花名册导入']);
    expect(read('user.move', { from: null, to: 2 })).toEqual(['团队: 未分配团队 → 客服二组']);
    expect(read('user.create', { username: 'lixw', role: 'learner' }, 'en')).toEqual(['Username: lixw', 'Role: Service specialist']);
  });

  it('teams: names, and the supervisor as a person with 工号 (or without, or by number once gone)', () => {
    expect(read('team.create', { name: '客服三组', supervisorId: 7 })).toEqual(['团队名称: 客服三组', '主管: 王丽华（KF001）']);
    expect(read('team.set-supervisor', { supervisorId: 8 }, 'en')).toEqual(['Supervisor: 无工号']);
    expect(read('team.set-supervisor', { supervisorId: 404 })).toEqual(['主管: #404']);
    expect(read('team.set-supervisor', { supervisorId: null })).toEqual(['主管: 无']);
    expect(read('team.rename', { from: '一组', to: '二组' }, 'en')).toEqual(['Team name: 一组 → 二组']);
    expect(read('roster.import', { created: 3, updated: 0, unchanged: 1, teamsCreated: ['一号台', '二号台'] })).toEqual(['新建账号: 3', '更新账号: 0', '未变动账号: 1', '新建团队: 一号台、二号台']);
    expect(read('roster.import', { created: 0, updated: 0, unchanged: 1, teamsCreated: [] }, 'en')).toContain('Teams created: none');
  });

  it('sign-ins and tokens: devices and scopes in words, the expiry in the organisation’s time zone', () => {
    expect(read('sign-in', { device: 'trusted' })).toEqual(['登录设备: 已信任的浏览器']);
    expect(read('sessions.sign-out-others', { sessions: 2, devices: 1 }, 'en')).toEqual(['Sessions ended: 2', 'Browsers no longer trusted: 1']);
    // 2026-12-20 04:00 UTC is 12:00 in Shanghai.
    const issued = read('token.issue', { name: 'HR 系统', scope: 'reviews:read,scores:read', expiresAt: '2026-12-20T04:00:00.000Z' });
    expect(issued[0]).toBe('令牌名称: HR 系统');
    expect(issued[1]).toBe('权限范围: 读取月度考评（reviews:read）、读取考核成绩（scores:read）');
    expect(issued[2]).toMatch(/^到期时间: 2026年12月20日 12:00$/);
    expect(read('token.issue', { expiresAt: '2026-12-20T04:00:00.000Z' }, 'en')[0]).toMatch(/^Expires: Dec 20, 2026, 12:00\sPM$/);
  });

  it('assignments, grants and go-live: module titles, kinds, due dates and reasons', () => {
    expect(read('assignment.create', { assignmentId: 31, module: 'complaints', kind: 'refresher', dueDate: '2026-12-20', topics: ['情绪安抚', '升级处理'] })).toEqual([
      '任务编号: #31', '模块: 客诉处理', '任务类型: 复训', '截止日期: 2026-12-20', '复训主题: 情绪安抚、升级处理',
    ]);
    expect(read('assignment.create', { module: 'complaints', kind: 'onboarding', topics: null }, 'en')).toEqual(['Module: Complaint handling', 'Type: Onboarding', 'Refresher topics: none']);
    expect(read('attempt.grant', { grantId: 4, quizId: 'complaints', reason: '完成复训后再考一次' })).toEqual(['授权编号: #4', '模块: 客诉处理', '原因: 完成复训后再考一次']);
    expect(read('golive.override', { date: '2026-11-02', passed: 5, required: 6, reason: '已在岗带教两周' })).toEqual(['上岗日期: 2026-11-02', '已通过的必修模块: 5', '必修模块数: 6', '原因: 已在岗带教两周']);
  });

  it('reviews, inspections and complaints: the employee by name, grades, flags, channels and verdicts', () => {
    expect(read('review.approve', { employeeId: 7, month: '2026-10', total: 91.5, grade: 'excellent', flags: [], policyVersion: '2026-01', reopened: false })).toEqual([
      '员工: 王丽华（KF001）', '月份: 2026-10', '总分: 91.5', '等级: 优秀', '标注: 无', '考评规则版本: 2026-01', '重开后再次审批: 否',
    ]);
    expect(read('review.reopen', { employeeId: 7, month: '2026-10', reason: '投诉判定有误' }, 'en')).toEqual(['Employee: 王丽华 (KF001)', 'Month: 2026-10', 'Reason: 投诉判定有误']);
    expect(read('inspections.spotCheck', { people: 4, entries: 6, notable: 1 })).toEqual(['人数: 4', '记录条数: 6', '警告、处罚或奖励条数: 1']);
    expect(read('complaint.log', { employeeId: 7, date: '2026-11-03', channel: 'desk' })).toEqual(['员工: 王丽华（KF001）', '投诉日期: 2026-11-03', '投诉渠道: 服务台']);
    expect(read('complaint.judge', { employeeId: 99, from: 'pending', to: 'unjustified' }, 'en')).toEqual(['Employee: #99', 'Verdict: Pending → Unjustified']);
  });

  it('hides nothing: an unknown field, an unknown action and details that are no object show as stored', () => {
    expect(read('team.rename', { from: '甲', to: '乙', note: { n: 2 } })).toEqual(['团队名称: 甲 → 乙', 'note: {"n":2}']);
    expect(read('user.update', { changes: { nickname: ['a', 'b'] } })).toEqual(['nickname: ["a","b"]']);
    expect(read('some.new-action', { count: 2, who: 'x' })).toEqual(['count: 2', 'who: x']);
    expect(read('user.create', { role: 'chef' })).toEqual(['角色: chef']);
    expect(read('user.move', { from: 'one', to: 2 })).toEqual(['团队: one → 客服二组']);
    expect(read('sign-in', ['a', 1])).toEqual(['["a",1]']);
    expect(read('sign-in', null)).toEqual([]);
  });

  it('never shows a value stored under a secret’s name, only that it is there', () => {
    expect(read('user.create', { username: 'x', passwordHash: '$argon2id$…', token: 'sa_abc' }, 'en')).toEqual(['Username: x', 'passwordHash: (hidden)', 'token: (hidden)']);
    expect(read('user.update', { changes: { password: ['a', 'b'] } })).toEqual(['password: （已隐藏）']);
  });

  it('lists the people and teams named in details for the page’s one lookup', () => {
    expect(detailIds('user.update', { changes: { teamId: [1, 3], role: ['learner', 'hr'] } })).toEqual({ users: [], teams: [1, 3] });
    expect(detailIds('complaint.judge', { employeeId: 7, from: 'pending', to: 'justified' })).toEqual({ users: [7], teams: [] });
    expect(detailIds('user.move', { from: null, to: 2 })).toEqual({ users: [], teams: [2] });
    expect(detailIds('team.create', { name: '甲', supervisorId: 7 })).toEqual({ users: [7], teams: [] });
    expect(detailIds('some.new-action', { employeeId: 7 })).toEqual({ users: [], teams: [] });
  });
});
