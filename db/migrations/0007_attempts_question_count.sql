-- question_count: how many questions were drawn, stored by SQLite from question_ids (item analysis
-- reads it instead of parsing the JSON once per response). SQLite cannot add a STORED column to a
-- table, so attempts is rebuilt the way drizzle-kit rebuilds a table; ids, rows and indexes stay.
-- The indexes are made again in their old order: where two tie, SQLite's choice follows that order
-- (tests/integration/attempt-query-plans.test.ts holds the plans).
PRAGMA foreign_keys=OFF;--> statement-breakpoint
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
	`question_count` integer GENERATED ALWAYS AS (json_array_length(question_ids)) STORED NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "attempts_mode_check" CHECK("__new_attempts"."mode" in ('practice', 'assessment', 'refresher', 'review'))
);
--> statement-breakpoint
INSERT INTO `__new_attempts`("id", "user_id", "quiz_id", "content_hash", "mode", "assignment_id", "seed", "question_ids", "started_at", "deadline", "submitted_at", "timed_out", "score", "passed") SELECT "id", "user_id", "quiz_id", "content_hash", "mode", "assignment_id", "seed", "question_ids", "started_at", "deadline", "submitted_at", "timed_out", "score", "passed" FROM `attempts`;--> statement-breakpoint
DROP TABLE `attempts`;--> statement-breakpoint
ALTER TABLE `__new_attempts` RENAME TO `attempts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `attempts_quiz_mode_idx` ON `attempts` (`quiz_id`,`mode`,`submitted_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `attempts_one_open_idx` ON `attempts` (`user_id`,`quiz_id`,`mode`,coalesce(`assignment_id`, 0)) WHERE `submitted_at` IS NULL;--> statement-breakpoint
CREATE INDEX `attempts_assessed_idx` ON `attempts` (`mode`,`submitted_at`,`user_id`,`quiz_id`,`score`);--> statement-breakpoint
CREATE INDEX `attempts_user_mode_quiz_idx` ON `attempts` (`user_id`,`mode`,`quiz_id`);
