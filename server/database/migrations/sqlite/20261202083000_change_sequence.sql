-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_audit_events" table
CREATE TABLE `new_audit_events` (`id` text NOT NULL, `organization_id` text NULL, `action` text NOT NULL, `actor_id` text NULL, `actor_label` text NOT NULL, `target` text NOT NULL, `target_id` text NULL, `data` json NULL, `sequence` integer NULL, `seats_active` integer NULL, `seats_pending` integer NULL, `seats_total` integer NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Copy rows from old table "audit_events" to new temporary table "new_audit_events"
INSERT INTO `new_audit_events` (`id`, `organization_id`, `action`, `actor_id`, `actor_label`, `target`, `target_id`, `data`, `created_at`) SELECT `id`, `organization_id`, `action`, `actor_id`, `actor_label`, `target`, `target_id`, `data`, `created_at` FROM `audit_events`;
-- Drop "audit_events" table after copying rows
DROP TABLE `audit_events`;
-- Rename temporary table "new_audit_events" to "audit_events"
ALTER TABLE `new_audit_events` RENAME TO `audit_events`;
-- Create index "auditevent_organization_id_created_at" to table: "audit_events"
CREATE INDEX `auditevent_organization_id_created_at` ON `audit_events` (`organization_id`, `created_at`);
-- Create index "auditevent_organization_id_sequence" to table: "audit_events"
CREATE UNIQUE INDEX `auditevent_organization_id_sequence` ON `audit_events` (`organization_id`, `sequence`);
-- Create "new_organizations" table
CREATE TABLE `new_organizations` (`id` text NOT NULL, `name` text NOT NULL, `slug` text NOT NULL, `seat_limit` integer NOT NULL, `change_sequence` integer NOT NULL DEFAULT (0), `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Copy rows from old table "organizations" to new temporary table "new_organizations"
INSERT INTO `new_organizations` (`id`, `name`, `slug`, `seat_limit`, `created_at`, `updated_at`) SELECT `id`, `name`, `slug`, `seat_limit`, `created_at`, `updated_at` FROM `organizations`;
-- Drop "organizations" table after copying rows
DROP TABLE `organizations`;
-- Rename temporary table "new_organizations" to "organizations"
ALTER TABLE `new_organizations` RENAME TO `organizations`;
-- Create index "organizations_slug_key" to table: "organizations"
CREATE UNIQUE INDEX `organizations_slug_key` ON `organizations` (`slug`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
