DROP INDEX "postings_active_unique";--> statement-breakpoint
ALTER TABLE "postings" ADD COLUMN "renewed_from" uuid;--> statement-breakpoint
ALTER TABLE "postings" ADD COLUMN "auto_renew" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_renewed_from_postings_id_fk" FOREIGN KEY ("renewed_from") REFERENCES "public"."postings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "postings_renewed_from_unique" ON "postings" USING btree ("renewed_from");--> statement-breakpoint
CREATE UNIQUE INDEX "postings_active_unique" ON "postings" USING btree ("vacancy_id","connection_id") WHERE "postings"."status" not in ('closed', 'expired', 'rejected') and "postings"."close_as" is null;