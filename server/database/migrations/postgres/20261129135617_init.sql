-- Create "audit_events" table
CREATE TABLE "audit_events" ("id" character varying NOT NULL, "organization_id" character varying NULL, "action" character varying NOT NULL, "actor_id" character varying NULL, "actor_label" character varying NOT NULL, "target" character varying NOT NULL, "target_id" character varying NULL, "data" jsonb NULL, "created_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "auditevent_organization_id_created_at" to table: "audit_events"
CREATE INDEX "auditevent_organization_id_created_at" ON "audit_events" ("organization_id", "created_at");
-- Create "organizations" table
CREATE TABLE "organizations" ("id" character varying NOT NULL, "name" character varying NOT NULL, "slug" character varying NOT NULL, "seat_limit" bigint NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "organizations_slug_key" to table: "organizations"
CREATE UNIQUE INDEX "organizations_slug_key" ON "organizations" ("slug");
-- Create "outbox_emails" table
CREATE TABLE "outbox_emails" ("id" character varying NOT NULL, "kind" character varying NOT NULL, "to_address" character varying NOT NULL, "subject" character varying NOT NULL, "text_body" text NOT NULL, "html_body" text NOT NULL, "status" character varying NOT NULL DEFAULT 'PENDING', "attempts" bigint NOT NULL DEFAULT 0, "next_attempt_at" timestamptz NOT NULL, "locked_until" timestamptz NULL, "last_error" character varying NULL, "sent_at" timestamptz NULL, "created_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "outboxemail_status_next_attempt_at" to table: "outbox_emails"
CREATE INDEX "outboxemail_status_next_attempt_at" ON "outbox_emails" ("status", "next_attempt_at");
-- Create "sessions" table
CREATE TABLE "sessions" ("id" character varying NOT NULL, "token_hash" character varying NOT NULL, "data" bytea NOT NULL, "user_id" character varying NULL, "expires_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "session_expires_at" to table: "sessions"
CREATE INDEX "session_expires_at" ON "sessions" ("expires_at");
-- Create index "session_user_id" to table: "sessions"
CREATE INDEX "session_user_id" ON "sessions" ("user_id");
-- Create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" ("token_hash");
-- Create "users" table
CREATE TABLE "users" ("id" character varying NOT NULL, "email" character varying NOT NULL, "name" character varying NOT NULL, "email_verified" boolean NOT NULL DEFAULT false, "password_hash" character varying NOT NULL, "verification_token_hash" character varying NULL, "verification_expires_at" timestamptz NULL, "created_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX "users_email_key" ON "users" ("email");
-- Create index "users_verification_token_hash_key" to table: "users"
CREATE UNIQUE INDEX "users_verification_token_hash_key" ON "users" ("verification_token_hash");
-- Create "invitations" table
CREATE TABLE "invitations" ("id" character varying NOT NULL, "email" character varying NOT NULL, "role" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'PENDING', "token_hash" character varying NOT NULL, "created_at" timestamptz NOT NULL, "expires_at" timestamptz NOT NULL, "last_sent_at" timestamptz NOT NULL, "send_count" bigint NOT NULL DEFAULT 1, "responded_at" timestamptz NULL, "invited_by_id" character varying NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "invitations_organizations_invitations" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "invitations_users_invited_by" FOREIGN KEY ("invited_by_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "invitation_organization_id_created_at" to table: "invitations"
CREATE INDEX "invitation_organization_id_created_at" ON "invitations" ("organization_id", "created_at");
-- Create index "invitation_organization_id_email" to table: "invitations"
CREATE UNIQUE INDEX "invitation_organization_id_email" ON "invitations" ("organization_id", "email") WHERE ((status)::text = 'PENDING'::text);
-- Create index "invitation_organization_id_status_expires_at" to table: "invitations"
CREATE INDEX "invitation_organization_id_status_expires_at" ON "invitations" ("organization_id", "status", "expires_at");
-- Create index "invitations_token_hash_key" to table: "invitations"
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations" ("token_hash");
-- Create "memberships" table
CREATE TABLE "memberships" ("id" character varying NOT NULL, "role" character varying NOT NULL, "joined_at" timestamptz NOT NULL, "organization_id" character varying NOT NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "memberships_organizations_memberships" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "memberships_users_memberships" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "membership_organization_id_joined_at" to table: "memberships"
CREATE INDEX "membership_organization_id_joined_at" ON "memberships" ("organization_id", "joined_at");
-- Create index "membership_organization_id_user_id" to table: "memberships"
CREATE UNIQUE INDEX "membership_organization_id_user_id" ON "memberships" ("organization_id", "user_id");
-- Create index "membership_user_id" to table: "memberships"
CREATE INDEX "membership_user_id" ON "memberships" ("user_id");
