-- 工号 unique whatever the letter case. On a database where two 工号 differ only in case (possible before 2026-12), this stops with a UNIQUE error: rename or merge one, then start again.
DROP INDEX `users_employee_no_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `users_employee_no_nocase` ON `users` ("employee_no" collate nocase);