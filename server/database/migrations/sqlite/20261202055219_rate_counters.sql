-- Create "rate_counters" table
CREATE TABLE `rate_counters` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `window_start` datetime NOT NULL, `count` integer NOT NULL, `expires_at` datetime NOT NULL);
-- Create index "ratecounter_key_window_start" to table: "rate_counters"
CREATE UNIQUE INDEX `ratecounter_key_window_start` ON `rate_counters` (`key`, `window_start`);
-- Create index "ratecounter_expires_at" to table: "rate_counters"
CREATE INDEX `ratecounter_expires_at` ON `rate_counters` (`expires_at`);
