-- Drop index "membership_organization_id_joined_at" from table: "memberships"
DROP INDEX `membership_organization_id_joined_at`;
-- Create index "membership_organization_id_joined_at_id_role_user_id" to table: "memberships"
CREATE INDEX `membership_organization_id_joined_at_id_role_user_id` ON `memberships` (`organization_id`, `joined_at`, `id`, `role`, `user_id`);
