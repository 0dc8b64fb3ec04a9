CREATE TABLE `attempt_grants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`quiz_id` text NOT NULL,
	`granted_by_id` integer,
	`reason` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`employee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`granted_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `attempt_grants_employee_quiz_idx` ON `attempt_grants` (`employee_id`,`quiz_id`);--> statement-breakpoint
CREATE TABLE `complaints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`date` text NOT NULL,
	`channel` text NOT NULL,
	`summary` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`recorded_by_id` integer,
	`judged_by_id` integer,
	`judged_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`employee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`judged_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "complaints_channel_check" CHECK("complaints"."channel" in ('desk', 'phone', 'letter', 'online', 'other')),
	CONSTRAINT "complaints_status_check" CHECK("complaints"."status" in ('pending', 'justified', 'unjustified')),
	CONSTRAINT "complaints_date_check" CHECK("complaints"."date" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE INDEX `complaints_employee_date_idx` ON `complaints` (`employee_id`,`date`);--> statement-breakpoint
CREATE INDEX `complaints_date_idx` ON `complaints` (`date`);--> statement-breakpoint
CREATE TABLE `inspections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`inspector_id` integer,
	`date` text NOT NULL,
	`item` text NOT NULL,
	`outcome` text NOT NULL,
	`note` text,
	`spot_check` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`employee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inspector_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "inspections_outcome_check" CHECK("inspections"."outcome" in ('ok', 'warning', 'penalty', 'commendation')),
	CONSTRAINT "inspections_date_check" CHECK("inspections"."date" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inspections_entry_idx` ON `inspections` (`employee_id`,`date`,`item`,`spot_check`);--> statement-breakpoint
CREATE INDEX `inspections_date_idx` ON `inspections` (`date`);--> statement-breakpoint
CREATE TABLE `review_queue` (
	`user_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`card` text NOT NULL,
	`due` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_queue_pk` ON `review_queue` (`user_id`,`question_id`);--> statement-breakpoint
CREATE INDEX `review_queue_due_idx` ON `review_queue` (`user_id`,`due`);--> statement-breakpoint
CREATE TABLE `trusted_devices` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_hash` text NOT NULL,
	`user_id` integer NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`created_at` integer NOT NULL,
	`last_used_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `trusted_devices_user_idx` ON `trusted_devices` (`user_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`scope` text NOT NULL,
	`owner_id` integer NOT NULL,
	`expires_at` integer,
	`last_used_at` integer,
	`revoked_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "api_tokens_scope_check" CHECK("__new_api_tokens"."scope" <> '')
);
--> statement-breakpoint
INSERT INTO `__new_api_tokens`("id", "name", "token_hash", "scope", "owner_id", "last_used_at", "revoked_at", "created_at") SELECT "id", "name", "token_hash", "scope", "owner_id", "last_used_at", "revoked_at", "created_at" FROM `api_tokens`;--> statement-breakpoint
DROP TABLE `api_tokens`;--> statement-breakpoint
ALTER TABLE `__new_api_tokens` RENAME TO `api_tokens`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `__new_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`module` text NOT NULL,
	`assignee_id` integer NOT NULL,
	`assigned_by_id` integer,
	`kind` text NOT NULL,
	`topics` text,
	`due_date` text NOT NULL,
	`completed_at` integer,
	`completing_attempt_id` integer,
	`withdrawn_at` integer,
	`withdrawn_by_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`completing_attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`withdrawn_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "assignments_kind_check" CHECK("__new_assignments"."kind" in ('onboarding', 'refresher', 'mandatory')),
	CONSTRAINT "assignments_due_date_check" CHECK("__new_assignments"."due_date" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
INSERT INTO `__new_assignments`("id", "module", "assignee_id", "assigned_by_id", "kind", "due_date", "completed_at", "created_at") SELECT "id", "module", "assignee_id", "assigned_by_id", "kind", "due_date", "completed_at", "created_at" FROM `assignments`;--> statement-breakpoint
DROP TABLE `assignments`;--> statement-breakpoint
ALTER TABLE `__new_assignments` RENAME TO `assignments`;--> statement-breakpoint
CREATE INDEX `assignments_assignee_idx` ON `assignments` (`assignee_id`,`due_date`);--> statement-breakpoint
CREATE INDEX `assignments_due_idx` ON `assignments` (`due_date`);--> statement-breakpoint
CREATE TABLE `__new_audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`subject` text,
	`details` text,
	`at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_audit_log`("id", "actor_id", "action", "subject", "details", "at") SELECT "id", "actor_id", "action", "subject", "details", "at" FROM `audit_log`;--> statement-breakpoint
DROP TABLE `audit_log`;--> statement-breakpoint
ALTER TABLE `__new_audit_log` RENAME TO `audit_log`;--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_subject_idx` ON `audit_log` (`subject`);--> statement-breakpoint
CREATE TABLE `__new_monthly_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`month` text NOT NULL,
	`components` text NOT NULL,
	`total` real,
	`grade` text,
	`flags` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`comment` text,
	`approved_by_id` integer,
	`approved_at` integer,
	`reopened_by_id` integer,
	`reopened_at` integer,
	`reopen_reason` text,
	`input_snapshot` text,
	`policy_version` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`employee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reopened_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "monthly_reviews_status_check" CHECK("__new_monthly_reviews"."status" in ('draft', 'approved', 'reopened')),
	CONSTRAINT "monthly_reviews_month_check" CHECK("__new_monthly_reviews"."month" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]')
);
--> statement-breakpoint
INSERT INTO `__new_monthly_reviews`("id", "employee_id", "month", "components", "total", "grade", "flags", "status", "approved_by_id", "approved_at", "input_snapshot", "created_at") SELECT "id", "employee_id", "month", "components", "total", "grade", "flags", "status", "approved_by_id", "approved_at", "input_snapshot", "created_at" FROM `monthly_reviews`;--> statement-breakpoint
DROP TABLE `monthly_reviews`;--> statement-breakpoint
ALTER TABLE `__new_monthly_reviews` RENAME TO `monthly_reviews`;--> statement-breakpoint
CREATE UNIQUE INDEX `monthly_reviews_employee_month` ON `monthly_reviews` (`employee_id`,`month`);--> statement-breakpoint
CREATE INDEX `monthly_reviews_month_idx` ON `monthly_reviews` (`month`,`status`);--> statement-breakpoint
CREATE TABLE `__new_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`quiz_id` text NOT NULL,
	`content_hash` text NOT NULL,
	`mode` text NOT NULL,
	`assignment_id` integer,
	`seed` integer NOT NULL,
	`question_ids` text NOT NULL,
	`started_at` integer NOT NULL,
	`deadline` integer,
	`submitted_at` integer,
	`timed_out` integer DEFAULT false NOT NULL,
	`score` real,
	`passed` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "attempts_mode_check" CHECK("__new_attempts"."mode" in ('practice', 'assessment', 'refresher', 'review'))
);
--> statement-breakpoint
INSERT INTO `__new_attempts`("id", "user_id", "quiz_id", "content_hash", "mode", "seed", "question_ids", "started_at", "deadline", "submitted_at", "score", "passed") SELECT "id", "user_id", "quiz_id", "content_hash", "mode", "seed", "question_ids", "started_at", "deadline", "submitted_at", "score", "passed" FROM `attempts`;--> statement-breakpoint
DROP TABLE `attempts`;--> statement-breakpoint
ALTER TABLE `__new_attempts` RENAME TO `attempts`;--> statement-breakpoint
CREATE INDEX `attempts_user_quiz_idx` ON `attempts` (`user_id`,`quiz_id`);--> statement-breakpoint
CREATE INDEX `attempts_mode_submitted_idx` ON `attempts` (`mode`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `attempts_quiz_mode_idx` ON `attempts` (`quiz_id`,`mode`,`submitted_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `attempts_one_open_idx` ON `attempts` (`user_id`,`quiz_id`,`mode`,coalesce(`assignment_id`, 0)) WHERE `submitted_at` IS NULL;--> statement-breakpoint
ALTER TABLE `responses` ADD `checked_at` integer;--> statement-breakpoint
CREATE INDEX `responses_question_idx` ON `responses` (`question_id`);--> statement-breakpoint
ALTER TABLE `teams` ADD `archived_at` integer;--> statement-breakpoint
CREATE INDEX `teams_supervisor_idx` ON `teams` (`supervisor_id`);--> statement-breakpoint
CREATE INDEX `sessions_last_used_idx` ON `sessions` (`last_used_at`);--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`employee_no` text,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`team_id` integer,
	`hire_date` text,
	`go_live_date` text,
	`active` integer DEFAULT true NOT NULL,
	`locale` text DEFAULT 'zh-CN' NOT NULL,
	`password_hash` text NOT NULL,
	`must_change_password` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "users_role_check" CHECK("__new_users"."role" in ('learner', 'supervisor', 'hr', 'admin')),
	CONSTRAINT "users_locale_check" CHECK("__new_users"."locale" in ('zh-CN', 'en')),
	CONSTRAINT "users_hire_date_check" CHECK("__new_users"."hire_date" IS NULL OR "__new_users"."hire_date" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "users_go_live_date_check" CHECK("__new_users"."go_live_date" IS NULL OR "__new_users"."go_live_date" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "username", "employee_no", "name", "role", "team_id", "hire_date", "go_live_date", "active", "locale", "password_hash", "must_change_password", "created_at") SELECT "id", "username", "employee_no", "name", "role", "team_id", "hire_date", "go_live_date", "active", "locale", "password_hash", "must_change_password", "created_at" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_employee_no_unique` ON `users` (`employee_no`);--> statement-breakpoint
CREATE INDEX `users_team_idx` ON `users` (`team_id`);--> statement-breakpoint
CREATE TRIGGER `monthly_reviews_frozen_update` BEFORE UPDATE ON `monthly_reviews`
WHEN OLD.`status` = 'approved' AND NOT (
  NEW.`status` = 'reopened'
  AND NEW.`employee_id` IS OLD.`employee_id` AND NEW.`month` IS OLD.`month`
  AND NEW.`components` IS OLD.`components` AND NEW.`total` IS OLD.`total` AND NEW.`grade` IS OLD.`grade`
  AND NEW.`flags` IS OLD.`flags` AND NEW.`comment` IS OLD.`comment`
  AND NEW.`approved_by_id` IS OLD.`approved_by_id` AND NEW.`approved_at` IS OLD.`approved_at`
  AND NEW.`input_snapshot` IS OLD.`input_snapshot` AND NEW.`policy_version` IS OLD.`policy_version`
)
BEGIN
  SELECT RAISE(ABORT, 'monthly review is approved and frozen: only a reopening may change it');
END;--> statement-breakpoint
CREATE TRIGGER `monthly_reviews_frozen_delete` BEFORE DELETE ON `monthly_reviews`
WHEN OLD.`status` = 'approved'
BEGIN
  SELECT RAISE(ABORT, 'monthly review is approved and frozen: it cannot be deleted');
END;