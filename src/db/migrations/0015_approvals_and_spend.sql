DROP INDEX "postings_active_unique";--> statement-breakpoint
ALTER TABLE "board_connections" ADD COLUMN "requires_approval" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "board_connections" ADD COLUMN "cost_pence" integer;--> statement-breakpoint
ALTER TABLE "board_connections" ADD COLUMN "monthly_budget_pence" integer;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "over_budget" text DEFAULT 'refuse' NOT NULL;--> statement-breakpoint
ALTER TABLE "postings" ADD COLUMN "approval" jsonb;--> statement-breakpoint
ALTER TABLE "postings" ADD COLUMN "cost_pence" integer;--> statement-breakpoint
ALTER TABLE "postings" ADD COLUMN "charged_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "postings_charged_idx" ON "postings" USING btree ("organisation_id","charged_at");--> statement-breakpoint
CREATE UNIQUE INDEX "postings_active_unique" ON "postings" USING btree ("vacancy_id","connection_id") WHERE "postings"."status" not in ('closed', 'expired', 'rejected');