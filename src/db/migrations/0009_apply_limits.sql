CREATE TABLE "apply_rate_limits" (
	"bucket" text PRIMARY KEY NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "upload_usage" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"bytes" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "upload_usage" ADD CONSTRAINT "upload_usage_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "apply_rate_limits_window_idx" ON "apply_rate_limits" USING btree ("window_started_at");--> statement-breakpoint
-- CVs stored before the quota existed count towards it.
INSERT INTO "upload_usage" ("organisation_id", "bytes")
SELECT "organisation_id", sum("cv_size") FROM "applications" GROUP BY "organisation_id";
