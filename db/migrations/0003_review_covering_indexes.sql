DROP INDEX `inspections_date_idx`;--> statement-breakpoint
CREATE INDEX `inspections_month_idx` ON `inspections` (`date`,`outcome`,`employee_id`);--> statement-breakpoint
CREATE INDEX `attempts_assessed_idx` ON `attempts` (`mode`,`submitted_at`,`user_id`,`quiz_id`,`score`);