-- Create "audit_events" table
CREATE TABLE `audit_events` (`id` text NOT NULL, `organization_id` text NULL, `action` text NOT NULL, `actor_id` text NULL, `actor_label` text NOT NULL, `target` text NOT NULL, `target_id` text NULL, `data` json NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "auditevent_organization_id_created_at" to table: "audit_events"
CREATE INDEX `auditevent_organization_id_created_at` ON `audit_events` (`organization_id`, `created_at`);
-- Create "invitations" table
CREATE TABLE `invitations` (`id` text NOT NULL, `email` text NOT NULL, `role` text NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `token_hash` text NOT NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `last_sent_at` datetime NOT NULL, `send_count` integer NOT NULL DEFAULT (1), `responded_at` datetime NULL, `invited_by_id` text NULL, `organization_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `invitations_users_invited_by` FOREIGN KEY (`invited_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `invitations_organizations_invitations` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE CASCADE);
-- Create index "invitations_token_hash_key" to table: "invitations"
CREATE UNIQUE INDEX `invitations_token_hash_key` ON `invitations` (`token_hash`);
-- Create index "invitation_organization_id_email" to table: "invitations"
CREATE UNIQUE INDEX `invitation_organization_id_email` ON `invitations` (`organization_id`, `email`) WHERE status = 'PENDING';
-- Create index "invitation_organization_id_status_expires_at" to table: "invitations"
CREATE INDEX `invitation_organization_id_status_expires_at` ON `invitations` (`organization_id`, `status`, `expires_at`);
-- Create index "invitation_organization_id_created_at" to table: "invitations"
CREATE INDEX `invitation_organization_id_created_at` ON `invitations` (`organization_id`, `created_at`);
-- Create "memberships" table
CREATE TABLE `memberships` (`id` text NOT NULL, `role` text NOT NULL, `joined_at` datetime NOT NULL, `organization_id` text NOT NULL, `user_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `memberships_organizations_memberships` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE CASCADE, CONSTRAINT `memberships_users_memberships` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- Create index "membership_organization_id_user_id" to table: "memberships"
CREATE UNIQUE INDEX `membership_organization_id_user_id` ON `memberships` (`organization_id`, `user_id`);
-- Create index "membership_organization_id_joined_at" to table: "memberships"
CREATE INDEX `membership_organization_id_joined_at` ON `memberships` (`organization_id`, `joined_at`);
-- Create index "membership_user_id" to table: "memberships"
CREATE INDEX `membership_user_id` ON `memberships` (`user_id`);
-- Create "organizations" table
CREATE TABLE `organizations` (`id` text NOT NULL, `name` text NOT NULL, `slug` text NOT NULL, `seat_limit` integer NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "organizations_slug_key" to table: "organizations"
CREATE UNIQUE INDEX `organizations_slug_key` ON `organizations` (`slug`);
-- Create "outbox_emails" table
CREATE TABLE `outbox_emails` (`id` text NOT NULL, `kind` text NOT NULL, `to_address` text NOT NULL, `subject` text NOT NULL, `text_body` text NOT NULL, `html_body` text NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `attempts` integer NOT NULL DEFAULT (0), `next_attempt_at` datetime NOT NULL, `locked_until` datetime NULL, `last_error` text NULL, `sent_at` datetime NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "outboxemail_status_next_attempt_at" to table: "outbox_emails"
CREATE INDEX `outboxemail_status_next_attempt_at` ON `outbox_emails` (`status`, `next_attempt_at`);
-- Create "sessions" table
CREATE TABLE `sessions` (`id` text NOT NULL, `token_hash` text NOT NULL, `data` blob NOT NULL, `user_id` text NULL, `expires_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX `sessions_token_hash_key` ON `sessions` (`token_hash`);
-- Create index "session_expires_at" to table: "sessions"
CREATE INDEX `session_expires_at` ON `sessions` (`expires_at`);
-- Create index "session_user_id" to table: "sessions"
CREATE INDEX `session_user_id` ON `sessions` (`user_id`);
-- Create "users" table
CREATE TABLE `users` (`id` text NOT NULL, `email` text NOT NULL, `name` text NOT NULL, `email_verified` bool NOT NULL DEFAULT (false), `password_hash` text NOT NULL, `verification_token_hash` text NULL, `verification_expires_at` datetime NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX `users_email_key` ON `users` (`email`);
-- Create index "users_verification_token_hash_key" to table: "users"
CREATE UNIQUE INDEX `users_verification_token_hash_key` ON `users` (`verification_token_hash`);
