CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "content_versions" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP INDEX "applications_list_idx";--> statement-breakpoint
DROP INDEX "vacancies_list_idx";--> statement-breakpoint
DROP INDEX "vacancies_status_list_idx";--> statement-breakpoint
CREATE INDEX "vacancies_search_idx" ON "vacancies" USING gin ((("title" || ' ' || coalesce("summary", '') || ' ' || "reference")) gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "applications_list_idx" ON "applications" USING btree ("organisation_id","vacancy_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "vacancies_list_idx" ON "vacancies" USING btree ("organisation_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "vacancies_status_list_idx" ON "vacancies" USING btree ("organisation_id","status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
-- Any change to an organisation's vacancies adds one to its content version, in the same
-- transaction, so read caches (src/services/content-cache.ts) see every change at once.
CREATE FUNCTION "postroom_bump_content_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "content_versions" ("organisation_id", "version")
    SELECT DISTINCT "organisation_id", 1 FROM "changed"
  ON CONFLICT ("organisation_id") DO UPDATE SET "version" = "content_versions"."version" + 1;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "vacancies_inserted_version" AFTER INSERT ON "vacancies" REFERENCING NEW TABLE AS "changed" FOR EACH STATEMENT EXECUTE FUNCTION "postroom_bump_content_version"();--> statement-breakpoint
CREATE TRIGGER "vacancies_updated_version" AFTER UPDATE ON "vacancies" REFERENCING NEW TABLE AS "changed" FOR EACH STATEMENT EXECUTE FUNCTION "postroom_bump_content_version"();--> statement-breakpoint
CREATE TRIGGER "vacancies_deleted_version" AFTER DELETE ON "vacancies" REFERENCING OLD TABLE AS "changed" FOR EACH STATEMENT EXECUTE FUNCTION "postroom_bump_content_version"();
--> statement-breakpoint
-- The careers pages show the organisation too (its name, its "about" text).
CREATE FUNCTION "postroom_bump_organisation_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "content_versions" ("organisation_id", "version")
    SELECT DISTINCT "id", 1 FROM "changed"
  ON CONFLICT ("organisation_id") DO UPDATE SET "version" = "content_versions"."version" + 1;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "organisations_updated_version" AFTER UPDATE ON "organisations" REFERENCING NEW TABLE AS "changed" FOR EACH STATEMENT EXECUTE FUNCTION "postroom_bump_organisation_version"();
