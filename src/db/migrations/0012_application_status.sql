ALTER TABLE "applications" ADD COLUMN "status" text DEFAULT 'new' NOT NULL;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "consented_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- The apply form has always required consent: an existing application was consented to when it was made.
UPDATE "applications" SET "consented_at" = "created_at";--> statement-breakpoint
CREATE INDEX "applications_inbox_idx" ON "applications" USING btree ("organisation_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);