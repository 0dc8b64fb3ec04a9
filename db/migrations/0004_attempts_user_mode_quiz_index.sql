DROP INDEX `attempts_user_quiz_idx`;--> statement-breakpoint
CREATE INDEX `attempts_user_mode_quiz_idx` ON `attempts` (`user_id`,`mode`,`quiz_id`);