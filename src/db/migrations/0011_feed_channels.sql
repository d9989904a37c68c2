CREATE TABLE "feed_channels" (
	"organisation_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_read_at" timestamp with time zone,
	"last_read_by" text,
	CONSTRAINT "feed_channels_organisation_id_channel_pk" PRIMARY KEY("organisation_id","channel")
);
--> statement-breakpoint
CREATE TABLE "feed_vacancy_exclusions" (
	"organisation_id" uuid NOT NULL,
	"vacancy_id" uuid NOT NULL,
	"channel" text NOT NULL,
	CONSTRAINT "feed_vacancy_exclusions_vacancy_id_channel_pk" PRIMARY KEY("vacancy_id","channel")
);
--> statement-breakpoint
ALTER TABLE "feed_channels" ADD CONSTRAINT "feed_channels_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_vacancy_exclusions" ADD CONSTRAINT "feed_vacancy_exclusions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_vacancy_exclusions" ADD CONSTRAINT "feed_vacancy_exclusions_vacancy_id_vacancies_id_fk" FOREIGN KEY ("vacancy_id") REFERENCES "public"."vacancies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feed_vacancy_exclusions_org_idx" ON "feed_vacancy_exclusions" USING btree ("organisation_id","channel");