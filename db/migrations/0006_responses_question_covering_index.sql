DROP INDEX `responses_question_idx`;--> statement-breakpoint
CREATE INDEX `responses_question_attempt_credit_idx` ON `responses` (`question_id`,`attempt_id`,`credit`);