-- Create "domains" table
CREATE TABLE "domains" ("id" character varying NOT NULL, "domain" character varying NOT NULL, "token" character varying NOT NULL, "verified" boolean NOT NULL DEFAULT false, "verified_at" timestamptz NULL, "auto_join" boolean NOT NULL DEFAULT false, "failed_checks" bigint NOT NULL DEFAULT 0, "last_checked_at" timestamptz NULL, "verification_lost_at" timestamptz NULL, "created_at" timestamptz NOT NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "domains_organizations_domains" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- Create index "domain_domain" to table: "domains"
CREATE UNIQUE INDEX "domain_domain" ON "domains" ("domain") WHERE verified;
-- Create index "domain_organization_id_domain" to table: "domains"
CREATE UNIQUE INDEX "domain_organization_id_domain" ON "domains" ("organization_id", "domain");
