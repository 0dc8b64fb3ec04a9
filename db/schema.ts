import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;
const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now);

/** Employees and staff accounts. `role` decides what they may do (src/lib/server/access.ts). */
export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  employeeNo: text('employee_no').unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ['learner', 'supervisor', 'hr', 'admin'] }).notNull(),
  teamId: integer('team_id').references((): AnySQLiteColumn => teams.id, { onDelete: 'set null' }),
  hireDate: text('hire_date'),
  goLiveDate: text('go_live_date'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  locale: text('locale', { enum: ['zh-CN', 'en'] }).notNull().default('zh-CN'),
  passwordHash: text('password_hash').notNull(),
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
});

/** A team and the supervisor responsible for it. */
export const teams = sqliteTable('teams', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  supervisorId: integer('supervisor_id').references((): AnySQLiteColumn => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

/** Sign-in sessions: only the SHA-256 of the token's secret is kept. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    secretHash: text('secret_hash').notNull(),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Failed sign-in counters per account and per address, so throttling survives restarts and spans servers. */
export const loginThrottle = sqliteTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Which lessons a learner marked as studied. */
export const lessonProgress = sqliteTable(
  'lesson_progress',
  {
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    module: text('module').notNull(),
    lesson: text('lesson').notNull(),
    studiedAt: integer('studied_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('lesson_progress_pk').on(t.userId, t.module, t.lesson)],
);

/** A module assigned to an employee with a due date. */
export const assignments = sqliteTable(
  'assignments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    module: text('module').notNull(),
    assigneeId: integer('assignee_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    assignedById: integer('assigned_by_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['onboarding', 'refresher', 'mandatory'] }).notNull(),
    dueDate: text('due_date').notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('assignments_assignee_idx').on(t.assigneeId)],
);

/** One try at a quiz: what was drawn (seed, ids, content hash), when, and how it ended. */
export const attempts = sqliteTable(
  'attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    quizId: text('quiz_id').notNull(),
    contentHash: text('content_hash').notNull(),
    mode: text('mode', { enum: ['practice', 'assessment'] }).notNull(),
    seed: integer('seed').notNull(),
    questionIds: text('question_ids', { mode: 'json' }).$type<string[]>().notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    deadline: integer('deadline', { mode: 'timestamp_ms' }),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
    score: real('score'),
    passed: integer('passed', { mode: 'boolean' }),
  },
  (t) => [index('attempts_user_quiz_idx').on(t.userId, t.quizId)],
);

/** One saved answer per question of an attempt; frozen once the attempt is submitted. */
export const responses = sqliteTable(
  'responses',
  {
    attemptId: integer('attempt_id').notNull().references(() => attempts.id, { onDelete: 'cascade' }),
    questionId: text('question_id').notNull(),
    answer: text('answer', { mode: 'json' }).notNull(),
    credit: real('credit'),
    savedAt: integer('saved_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('responses_pk').on(t.attemptId, t.questionId)],
);

/** The supervisor's daily conduct inspection entries (house manual 9.1). */
export const conductChecks = sqliteTable(
  'conduct_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeId: integer('employee_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    inspectorId: integer('inspector_id').references(() => users.id, { onDelete: 'set null' }),
    date: text('date').notNull(),
    category: text('category').notNull(),
    outcome: text('outcome', { enum: ['ok', 'warning', 'penalty', 'commendation'] }).notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [index('conduct_checks_employee_date_idx').on(t.employeeId, t.date)],
);

/** Complaints against an employee; justified ones count toward rule 3.10. */
export const complaints = sqliteTable('complaints', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  employeeId: integer('employee_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  date: text('date').notNull(),
  justified: integer('justified', { mode: 'boolean' }).notNull(),
  summary: text('summary').notNull(),
  recordedById: integer('recorded_by_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

/** The monthly performance review; once approved, `inputSnapshot` freezes what it was computed from. */
export const monthlyReviews = sqliteTable(
  'monthly_reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeId: integer('employee_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    month: text('month').notNull(),
    components: text('components', { mode: 'json' }).notNull(),
    total: real('total'),
    grade: text('grade'),
    flags: text('flags', { mode: 'json' }).$type<string[]>().notNull(),
    status: text('status', { enum: ['draft', 'approved'] }).notNull().default('draft'),
    approvedById: integer('approved_by_id').references(() => users.id, { onDelete: 'set null' }),
    approvedAt: integer('approved_at', { mode: 'timestamp_ms' }),
    inputSnapshot: text('input_snapshot', { mode: 'json' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('monthly_reviews_employee_month').on(t.employeeId, t.month)],
);

/** Bearer tokens for HR integrations: only the hash is stored. */
export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  scope: text('scope').notNull(),
  ownerId: integer('owner_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
  revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
});

/** Who did what to whom: sign-ins, account changes, approvals. */
export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
  action: text('action').notNull(),
  subject: text('subject'),
  details: text('details', { mode: 'json' }),
  at: integer('at', { mode: 'timestamp_ms' }).notNull().default(now),
});

export type User = typeof users.$inferSelect;
export type Role = User['role'];
export type Attempt = typeof attempts.$inferSelect;
