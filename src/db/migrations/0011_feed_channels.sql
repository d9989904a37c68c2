CREATE TABLE "feed_channels" (
	"organisation_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_read_at" timestamp with time zone,
	"last_read_by" text,
	CONSTRAINT "feed_channels_organisation_id_channel_pk" PRIMARY KEY("organisation_id","channel")
);
--> statement-breakpoint
ALTER TABLE "feed_channels" ADD CONSTRAINT "feed_channels_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;
