DROP TABLE `complaints`;--> statement-breakpoint
DROP TABLE `conduct_checks`;