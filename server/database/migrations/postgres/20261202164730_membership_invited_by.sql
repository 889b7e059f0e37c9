-- Modify "memberships" table
ALTER TABLE "memberships" ADD COLUMN "invited_by_id" character varying NULL, ADD CONSTRAINT "memberships_users_invited_by" FOREIGN KEY ("invited_by_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- Backfill: each member's inviter, from the invitation they accepted last
UPDATE "memberships" SET "invited_by_id" = (SELECT i."invited_by_id" FROM "invitations" i JOIN "users" u ON u."email" = i."email" WHERE i."organization_id" = "memberships"."organization_id" AND u."id" = "memberships"."user_id" AND i."status" = 'ACCEPTED' ORDER BY i."responded_at" DESC LIMIT 1) WHERE "invited_by_id" IS NULL;
