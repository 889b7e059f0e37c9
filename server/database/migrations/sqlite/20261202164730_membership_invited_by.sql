-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_memberships" table
CREATE TABLE `new_memberships` (`id` text NOT NULL, `role` text NOT NULL, `joined_at` datetime NOT NULL, `last_active_at` datetime NULL, `invited_by_id` text NULL, `organization_id` text NOT NULL, `user_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `memberships_users_invited_by` FOREIGN KEY (`invited_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `memberships_organizations_memberships` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE CASCADE, CONSTRAINT `memberships_users_memberships` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- Copy rows from old table "memberships" to new temporary table "new_memberships"
INSERT INTO `new_memberships` (`id`, `role`, `joined_at`, `last_active_at`, `organization_id`, `user_id`) SELECT `id`, `role`, `joined_at`, `last_active_at`, `organization_id`, `user_id` FROM `memberships`;
-- Drop "memberships" table after copying rows
DROP TABLE `memberships`;
-- Rename temporary table "new_memberships" to "memberships"
ALTER TABLE `new_memberships` RENAME TO `memberships`;
-- Create index "membership_organization_id_user_id" to table: "memberships"
CREATE UNIQUE INDEX `membership_organization_id_user_id` ON `memberships` (`organization_id`, `user_id`);
-- Create index "membership_organization_id_joined_at" to table: "memberships"
CREATE INDEX `membership_organization_id_joined_at` ON `memberships` (`organization_id`, `joined_at`);
-- Create index "membership_organization_id_last_active_at" to table: "memberships"
CREATE INDEX `membership_organization_id_last_active_at` ON `memberships` (`organization_id`, `last_active_at`);
-- Create index "membership_user_id" to table: "memberships"
CREATE INDEX `membership_user_id` ON `memberships` (`user_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
-- Backfill: each member's inviter, from the invitation they accepted last
UPDATE `memberships` SET `invited_by_id` = (SELECT i.`invited_by_id` FROM `invitations` i JOIN `users` u ON u.`email` = i.`email` WHERE i.`organization_id` = `memberships`.`organization_id` AND u.`id` = `memberships`.`user_id` AND i.`status` = 'ACCEPTED' ORDER BY i.`responded_at` DESC LIMIT 1) WHERE `invited_by_id` IS NULL;
