-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_users" table
CREATE TABLE `new_users` (`id` text NOT NULL, `email` text NOT NULL, `name` text NOT NULL, `email_verified` bool NOT NULL DEFAULT (false), `password_hash` text NOT NULL, `verification_token_hash` text NULL, `verification_expires_at` datetime NULL, `password_reset_token_hash` text NULL, `password_reset_expires_at` datetime NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Copy rows from old table "users" to new temporary table "new_users"
INSERT INTO `new_users` (`id`, `email`, `name`, `email_verified`, `password_hash`, `verification_token_hash`, `verification_expires_at`, `created_at`) SELECT `id`, `email`, `name`, `email_verified`, `password_hash`, `verification_token_hash`, `verification_expires_at`, `created_at` FROM `users`;
-- Drop "users" table after copying rows
DROP TABLE `users`;
-- Rename temporary table "new_users" to "users"
ALTER TABLE `new_users` RENAME TO `users`;
-- Create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX `users_email_key` ON `users` (`email`);
-- Create index "users_verification_token_hash_key" to table: "users"
CREATE UNIQUE INDEX `users_verification_token_hash_key` ON `users` (`verification_token_hash`);
-- Create index "users_password_reset_token_hash_key" to table: "users"
CREATE UNIQUE INDEX `users_password_reset_token_hash_key` ON `users` (`password_reset_token_hash`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
