-- Modify "audit_events" table
ALTER TABLE "audit_events" ADD COLUMN "sequence" bigint NULL, ADD COLUMN "seats_active" bigint NULL, ADD COLUMN "seats_pending" bigint NULL, ADD COLUMN "seats_total" bigint NULL;
-- Create index "auditevent_organization_id_sequence" to table: "audit_events"
CREATE UNIQUE INDEX "auditevent_organization_id_sequence" ON "audit_events" ("organization_id", "sequence");
-- Modify "organizations" table
ALTER TABLE "organizations" ADD COLUMN "change_sequence" bigint NOT NULL DEFAULT 0;
