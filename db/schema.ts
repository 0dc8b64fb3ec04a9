import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn, type SQLiteColumn } from 'drizzle-orm/sqlite-core';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;
/** The enumerations the database CHECKs; code imports them from here so there is one list each. */
export const ROLES = ['learner', 'supervisor', 'hr', 'admin'] as const;
export const ATTEMPT_MODES = ['practice', 'assessment', 'refresher', 'review'] as const;
export const ASSIGNMENT_KINDS = ['onboarding', 'refresher', 'mandatory'] as const;
export const INSPECTION_OUTCOMES = ['ok', 'warning', 'penalty', 'commendation'] as const;
export const COMPLAINT_CHANNELS = ['desk', 'phone', 'letter', 'online', 'other'] as const;
export const COMPLAINT_STATUSES = ['pending', 'justified', 'unjustified'] as const;
export const REVIEW_STATUSES = ['draft', 'approved', 'reopened'] as const;
export const TOKEN_SCOPES = ['reviews:read', 'scores:read'] as const;

const inList = (column: SQLiteColumn, values: readonly string[]) =>
  sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;
const isDay = (column: SQLiteColumn) => sql`${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`;
const dayOrNull = (column: SQLiteColumn) => sql`${column} IS NULL OR ${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`;
const isMonth = (column: SQLiteColumn) => sql`${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'`;

const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now);

/** Employees and staff accounts. `role` decides what they may do (src/lib/server/access.ts). */
export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull().unique(),
    /** 工号: unique whatever the letter case (KF101 and kf101 are one person), see the index below. */
    employeeNo: text('employee_no'),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    teamId: integer('team_id').references((): AnySQLiteColumn => teams.id, { onDelete: 'set null' }),
    hireDate: text('hire_date'),
    goLiveDate: text('go_live_date'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    locale: text('locale', { enum: ['zh-CN', 'en'] }).notNull().default('zh-CN'),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('users_team_idx').on(t.teamId),
    /** The admin list's order (工号, then 用户名): its pages are read in order, not sorted from every row. */
    index('users_list_order_idx').on(t.employeeNo, t.username),
    uniqueIndex('users_employee_no_nocase').on(sql`${t.employeeNo} collate nocase`),
    check('users_role_check', inList(t.role, ROLES)),
    check('users_locale_check', inList(t.locale, ['zh-CN', 'en'])),
    check('users_hire_date_check', dayOrNull(t.hireDate)),
    check('users_go_live_date_check', dayOrNull(t.goLiveDate)),
  ],
);

/** A team and the supervisor responsible for it; archived teams keep their history but take no one new. */
export const teams = sqliteTable(
  'teams',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    supervisorId: integer('supervisor_id').references((): AnySQLiteColumn => users.id, { onDelete: 'set null' }),
    archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('teams_supervisor_idx').on(t.supervisorId)],
);

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
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_last_used_idx').on(t.lastUsedAt)],
);

/** Failed sign-in counters per account and per address, so throttling survives restarts and spans servers. */
export const loginThrottle = sqliteTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * Device cookies (OWASP "device cookies"): a browser that signed in to an account successfully gets one,
 * and strangers' failures against that account do not lock it out. Only the secret's SHA-256 is kept.
 */
export const trustedDevices = sqliteTable(
  'trusted_devices',
  {
    id: text('id').primaryKey(),
    secretHash: text('secret_hash').notNull(),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    failures: integer('failures').notNull().default(0),
    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('trusted_devices_user_idx').on(t.userId)],
);

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

/**
 * A module assigned to an employee with a due date (a day in the organisation's time zone). Completed by
 * the attempt named in `completingAttemptId`; withdrawing keeps the row. A refresher carries its topics.
 */
export const assignments = sqliteTable(
  'assignments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    module: text('module').notNull(),
    assigneeId: integer('assignee_id').notNull().references(() => users.id),
    assignedById: integer('assigned_by_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ASSIGNMENT_KINDS }).notNull(),
    /** Refresher only: the weak topics its practice quiz draws from. */
    topics: text('topics', { mode: 'json' }).$type<string[]>(),
    dueDate: text('due_date').notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
    completingAttemptId: integer('completing_attempt_id').references((): AnySQLiteColumn => attempts.id, { onDelete: 'set null' }),
    withdrawnAt: integer('withdrawn_at', { mode: 'timestamp_ms' }),
    withdrawnById: integer('withdrawn_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('assignments_assignee_idx').on(t.assigneeId, t.dueDate),
    index('assignments_due_idx').on(t.dueDate),
    check('assignments_kind_check', inList(t.kind, ASSIGNMENT_KINDS)),
    check('assignments_due_date_check', isDay(t.dueDate)),
  ],
);

/**
 * One try at a quiz: what was drawn (seed, ids, content hash), when, and how it ended. `refresher`
 * attempts belong to an assignment; `review` attempts answer the learner's spaced-review queue.
 */
export const attempts = sqliteTable(
  'attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    quizId: text('quiz_id').notNull(),
    contentHash: text('content_hash').notNull(),
    mode: text('mode', { enum: ATTEMPT_MODES }).notNull(),
    assignmentId: integer('assignment_id').references((): AnySQLiteColumn => assignments.id, { onDelete: 'set null' }),
    seed: integer('seed').notNull(),
    questionIds: text('question_ids', { mode: 'json' }).$type<string[]>().notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    deadline: integer('deadline', { mode: 'timestamp_ms' }),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
    timedOut: integer('timed_out', { mode: 'boolean' }).notNull().default(false),
    score: real('score'),
    passed: integer('passed', { mode: 'boolean' }),
    /**
     * How many questions were drawn, kept by SQLite itself: item analysis weighs every response by its
     * attempt's marks, and reading this beside the score costs far less than parsing the JSON of
     * question_ids once per response (1.4 million on the 10,000-employee bench).
     */
    questionCount: integer('question_count')
      .notNull()
      .generatedAlwaysAs(sql`json_array_length(question_ids)`, { mode: 'stored' }),
  },
  (t) => [
    /**
     * One learner's attempts by mode and quiz: allowance, passed, best scores, the quiz page. Three
     * equality columns, so SQLite prefers it to the per-quiz indexes (with (user, quiz) alone it chose
     * (quiz, mode) and read every learner's assessments of the quiz on each submit).
     */
    index('attempts_user_mode_quiz_idx').on(t.userId, t.mode, t.quizId),
    index('attempts_quiz_mode_idx').on(t.quizId, t.mode, t.submittedAt),
    /**
     * Covers the monthly review's best-score-per-module query, so a month of 10,000 employees is read
     * from the index alone; it also serves every (mode, submitted_at) search, so no index of its own
     * prefix is kept (each index is one more B-tree every submit rewrites).
     */
    index('attempts_assessed_idx').on(t.mode, t.submittedAt, t.userId, t.quizId, t.score),
    /** One open attempt per learner, quiz, mode and assignment: a double click resumes instead of drawing twice. */
    uniqueIndex('attempts_one_open_idx')
      .on(t.userId, t.quizId, t.mode, sql`coalesce(${t.assignmentId}, 0)`)
      .where(sql`${t.submittedAt} IS NULL`),
    check('attempts_mode_check', inList(t.mode, ATTEMPT_MODES)),
  ],
);

/**
 * One saved answer per question of an attempt; frozen once the attempt is submitted. In practice a
 * question is locked once its answer was checked (`checkedAt`).
 */
export const responses = sqliteTable(
  'responses',
  {
    attemptId: integer('attempt_id').notNull().references(() => attempts.id, { onDelete: 'cascade' }),
    questionId: text('question_id').notNull(),
    answer: text('answer', { mode: 'json' }).notNull(),
    credit: real('credit'),
    savedAt: integer('saved_at', { mode: 'timestamp_ms' }).notNull(),
    checkedAt: integer('checked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('responses_pk').on(t.attemptId, t.questionId),
    /**
     * Item analysis walks one module's questions through this index and reads each response's attempt by
     * id: with the attempt and the credit in the index it never visits the table (on 1.4 million
     * responses the items page went from 1.49 s to 0.98 s).
     */
    index('responses_question_attempt_credit_idx').on(t.questionId, t.attemptId, t.credit),
  ],
);

/** An extra assessment attempt a supervisor granted, with the reason (audited). */
export const attemptGrants = sqliteTable(
  'attempt_grants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeId: integer('employee_id').notNull().references(() => users.id),
    quizId: text('quiz_id').notNull(),
    grantedById: integer('granted_by_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('attempt_grants_employee_quiz_idx').on(t.employeeId, t.quizId)],
);

/** The spaced-review (ts-fsrs) card of one practice item for one learner. Never holds assessment items. */
export const reviewQueue = sqliteTable(
  'review_queue',
  {
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    questionId: text('question_id').notNull(),
    /** The ts-fsrs card as JSON (stability, difficulty, reps, lapses, state, last review). */
    card: text('card', { mode: 'json' }).notNull(),
    due: integer('due', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('review_queue_pk').on(t.userId, t.questionId), index('review_queue_due_idx').on(t.userId, t.due)],
);

/**
 * Daily conduct inspections (000 9.1–9.2) and spot checks (9.3): one row per employee, day, rule item
 * and kind. `item` is a rule id from the closed list in code. HR records: never deleted by a cascade.
 */
export const inspections = sqliteTable(
  'inspections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeId: integer('employee_id').notNull().references(() => users.id),
    inspectorId: integer('inspector_id').references(() => users.id),
    date: text('date').notNull(),
    item: text('item').notNull(),
    outcome: text('outcome', { enum: INSPECTION_OUTCOMES }).notNull(),
    note: text('note'),
    spotCheck: integer('spot_check', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('inspections_entry_idx').on(t.employeeId, t.date, t.item, t.spotCheck),
    /** Covers the monthly review's per-employee counts of a month's entries and finds its few notable ones without reading rows. */
    index('inspections_month_idx').on(t.date, t.outcome, t.employeeId),
    check('inspections_outcome_check', inList(t.outcome, INSPECTION_OUTCOMES)),
    check('inspections_date_check', isDay(t.date)),
  ],
);

/** Complaints against an employee (000 3.10): logged, then judged justified or not. Never deleted by a cascade. */
export const complaints = sqliteTable(
  'complaints',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeId: integer('employee_id').notNull().references(() => users.id),
    date: text('date').notNull(),
    channel: text('channel', { enum: COMPLAINT_CHANNELS }).notNull(),
    summary: text('summary').notNull(),
    status: text('status', { enum: COMPLAINT_STATUSES }).notNull().default('pending'),
    recordedById: integer('recorded_by_id').references(() => users.id),
    judgedById: integer('judged_by_id').references(() => users.id),
    judgedAt: integer('judged_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('complaints_employee_date_idx').on(t.employeeId, t.date),
    index('complaints_date_idx').on(t.date),
    check('complaints_channel_check', inList(t.channel, COMPLAINT_CHANNELS)),
    check('complaints_status_check', inList(t.status, COMPLAINT_STATUSES)),
    check('complaints_date_check', isDay(t.date)),
  ],
);

/**
 * The monthly performance review. A draft is recomputed live; once approved, the row is a frozen snapshot
 * (`inputSnapshot`, `policyVersion`): a trigger (migration 0001) refuses any change but a reopening by HR.
 */
export const monthlyReviews = sqliteTable(
  'monthly_reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeId: integer('employee_id').notNull().references(() => users.id),
    month: text('month').notNull(),
    components: text('components', { mode: 'json' }).notNull(),
    total: real('total'),
    grade: text('grade'),
    flags: text('flags', { mode: 'json' }).$type<string[]>().notNull(),
    status: text('status', { enum: REVIEW_STATUSES }).notNull().default('draft'),
    comment: text('comment'),
    approvedById: integer('approved_by_id').references(() => users.id),
    approvedAt: integer('approved_at', { mode: 'timestamp_ms' }),
    reopenedById: integer('reopened_by_id').references(() => users.id),
    reopenedAt: integer('reopened_at', { mode: 'timestamp_ms' }),
    reopenReason: text('reopen_reason'),
    inputSnapshot: text('input_snapshot', { mode: 'json' }),
    policyVersion: text('policy_version'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('monthly_reviews_employee_month').on(t.employeeId, t.month),
    index('monthly_reviews_month_idx').on(t.month, t.status),
    check('monthly_reviews_status_check', inList(t.status, REVIEW_STATUSES)),
    check('monthly_reviews_month_check', isMonth(t.month)),
  ],
);

/** Bearer tokens for HR integrations: only the hash is stored; `scope` is a comma list of TOKEN_SCOPES. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    scope: text('scope').notNull(),
    ownerId: integer('owner_id').notNull().references(() => users.id),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [check('api_tokens_scope_check', sql`${t.scope} <> ''`)],
);

/**
 * Every action the audit log records, declared once: writes are typed by it, and /admin/audit labels
 * each as `admin.audit.action.<action>` (a unit test checks both catalogues have every one).
 */
export const AUDIT_ACTIONS = [
  'sign-in', 'sign-in.disabled', 'password.change', 'sessions.sign-out-others',
  'user.create', 'user.update', 'user.move', 'user.activate', 'user.deactivate', 'user.reset-password', 'user.unlock',
  'team.create', 'team.rename', 'team.archive', 'team.restore', 'team.set-supervisor', 'roster.import', 'token.issue', 'token.revoke',
  'assignment.create', 'assignment.withdraw', 'attempt.grant', 'golive.signoff', 'golive.override',
  'review.approve', 'review.reopen', 'inspections.save', 'inspections.spotCheck', 'complaint.log', 'complaint.judge',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did what to whom: sign-ins, account changes, assignments, approvals. Never deleted by a cascade. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorId: integer('actor_id').references(() => users.id),
    action: text('action').$type<AuditAction>().notNull(),
    subject: text('subject'),
    details: text('details', { mode: 'json' }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_subject_idx').on(t.subject)],
);

export type User = typeof users.$inferSelect;
export type Role = User['role'];
export type Attempt = typeof attempts.$inferSelect;
export type Assignment = typeof assignments.$inferSelect;
export type MonthlyReview = typeof monthlyReviews.$inferSelect;
