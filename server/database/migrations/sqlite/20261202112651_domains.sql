-- Create "domains" table
CREATE TABLE `domains` (`id` text NOT NULL, `domain` text NOT NULL, `token` text NOT NULL, `verified` bool NOT NULL DEFAULT (false), `verified_at` datetime NULL, `auto_join` bool NOT NULL DEFAULT (false), `failed_checks` integer NOT NULL DEFAULT (0), `last_checked_at` datetime NULL, `verification_lost_at` datetime NULL, `created_at` datetime NOT NULL, `organization_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `domains_organizations_domains` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE CASCADE);
-- Create index "domain_organization_id_domain" to table: "domains"
CREATE UNIQUE INDEX `domain_organization_id_domain` ON `domains` (`organization_id`, `domain`);
-- Create index "domain_domain" to table: "domains"
CREATE UNIQUE INDEX `domain_domain` ON `domains` (`domain`) WHERE verified;
