-- Modify "memberships" table
ALTER TABLE "memberships" ADD COLUMN "last_active_at" timestamptz NULL;
-- Create index "membership_organization_id_last_active_at" to table: "memberships"
CREATE INDEX "membership_organization_id_last_active_at" ON "memberships" ("organization_id", "last_active_at");
