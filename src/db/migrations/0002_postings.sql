CREATE TABLE "posting_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"posting_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"exchanges" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" jsonb
);
--> statement-breakpoint
CREATE TABLE "postings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"vacancy_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"board" text NOT NULL,
	"status" text NOT NULL,
	"action" text NOT NULL,
	"tracking_token" text NOT NULL,
	"board_reference" text NOT NULL,
	"fields" jsonb NOT NULL,
	"pending_fields" jsonb,
	"external_id" text,
	"external_url" text,
	"etag" text,
	"board_status" text,
	"board_checked_at" timestamp with time zone,
	"published_on_board_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" jsonb,
	"uncertain_reason" text,
	"lease_until" timestamp with time zone,
	"close_as" text,
	"scheduled_at" timestamp with time zone,
	"posted_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "postings_tracking_token_unique" UNIQUE("tracking_token")
);
--> statement-breakpoint
ALTER TABLE "board_connections" ADD COLUMN "paused_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "posting_attempts" ADD CONSTRAINT "posting_attempts_posting_id_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "public"."postings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_vacancy_id_vacancies_id_fk" FOREIGN KEY ("vacancy_id") REFERENCES "public"."vacancies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_connection_id_board_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."board_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "posting_attempts_posting_idx" ON "posting_attempts" USING btree ("posting_id","id");--> statement-breakpoint
CREATE INDEX "postings_vacancy_idx" ON "postings" USING btree ("organisation_id","vacancy_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "postings_active_unique" ON "postings" USING btree ("vacancy_id","connection_id") WHERE "postings"."status" not in ('closed', 'expired');--> statement-breakpoint
CREATE INDEX "postings_status_idx" ON "postings" USING btree ("status","board");