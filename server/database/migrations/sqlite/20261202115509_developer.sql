-- Create "api_keys" table
CREATE TABLE `api_keys` (`id` text NOT NULL, `name` text NOT NULL, `prefix` text NOT NULL, `secret_hash` text NOT NULL, `role` text NOT NULL, `created_at` datetime NOT NULL, `last_used_at` datetime NULL, `revoked_at` datetime NULL, `created_by_id` text NULL, `organization_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `api_keys_users_created_by` FOREIGN KEY (`created_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `api_keys_organizations_api_keys` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE CASCADE);
-- Create index "api_keys_secret_hash_key" to table: "api_keys"
CREATE UNIQUE INDEX `api_keys_secret_hash_key` ON `api_keys` (`secret_hash`);
-- Create index "apikey_organization_id_created_at" to table: "api_keys"
CREATE INDEX `apikey_organization_id_created_at` ON `api_keys` (`organization_id`, `created_at`);
-- Create "oauth_clients" table
CREATE TABLE `oauth_clients` (`id` text NOT NULL, `name` text NOT NULL, `client_id` text NOT NULL, `secret_hash` text NOT NULL, `role` text NOT NULL, `created_at` datetime NOT NULL, `revoked_at` datetime NULL, `created_by_id` text NULL, `organization_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `oauth_clients_users_created_by` FOREIGN KEY (`created_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `oauth_clients_organizations_oauth_clients` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE CASCADE);
-- Create index "oauth_clients_client_id_key" to table: "oauth_clients"
CREATE UNIQUE INDEX `oauth_clients_client_id_key` ON `oauth_clients` (`client_id`);
-- Create index "oauthclient_organization_id_created_at" to table: "oauth_clients"
CREATE INDEX `oauthclient_organization_id_created_at` ON `oauth_clients` (`organization_id`, `created_at`);
-- Create "oauth_tokens" table
CREATE TABLE `oauth_tokens` (`id` text NOT NULL, `token_hash` text NOT NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `client_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `oauth_tokens_oauth_clients_tokens` FOREIGN KEY (`client_id`) REFERENCES `oauth_clients` (`id`) ON DELETE CASCADE);
-- Create index "oauth_tokens_token_hash_key" to table: "oauth_tokens"
CREATE UNIQUE INDEX `oauth_tokens_token_hash_key` ON `oauth_tokens` (`token_hash`);
-- Create index "oauthtoken_expires_at" to table: "oauth_tokens"
CREATE INDEX `oauthtoken_expires_at` ON `oauth_tokens` (`expires_at`);
-- Create "server_keys" table
CREATE TABLE `server_keys` (`id` text NOT NULL, `value` text NOT NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create "webhooks" table
CREATE TABLE `webhooks` (`id` text NOT NULL, `url` text NOT NULL, `events` json NOT NULL, `secret_sealed` text NOT NULL, `active` bool NOT NULL DEFAULT (true), `created_at` datetime NOT NULL, `created_by_id` text NULL, `organization_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `webhooks_organizations_webhooks` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE CASCADE);
-- Create index "webhook_organization_id_created_at" to table: "webhooks"
CREATE INDEX `webhook_organization_id_created_at` ON `webhooks` (`organization_id`, `created_at`);
-- Create "webhook_deliveries" table
CREATE TABLE `webhook_deliveries` (`id` text NOT NULL, `organization_id` text NOT NULL, `event_type` text NOT NULL, `payload` text NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `attempts` integer NOT NULL DEFAULT (0), `response_status` integer NULL, `last_error` text NULL, `next_attempt_at` datetime NOT NULL, `payload_timestamp` datetime NOT NULL, `created_at` datetime NOT NULL, `webhook_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `webhook_deliveries_webhooks_deliveries` FOREIGN KEY (`webhook_id`) REFERENCES `webhooks` (`id`) ON DELETE CASCADE);
-- Create index "webhookdelivery_status_next_attempt_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_status_next_attempt_at` ON `webhook_deliveries` (`status`, `next_attempt_at`);
-- Create index "webhookdelivery_webhook_id_created_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_webhook_id_created_at` ON `webhook_deliveries` (`webhook_id`, `created_at`);
