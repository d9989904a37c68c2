CREATE TABLE "connection_request_windows" (
	"connection_id" uuid PRIMARY KEY NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connection_slots" (
	"connection_id" uuid NOT NULL,
	"slot" integer NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	CONSTRAINT "connection_slots_connection_id_slot_pk" PRIMARY KEY("connection_id","slot")
);
--> statement-breakpoint
ALTER TABLE "connection_request_windows" ADD CONSTRAINT "connection_request_windows_connection_id_board_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."board_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connection_slots" ADD CONSTRAINT "connection_slots_connection_id_board_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."board_connections"("id") ON DELETE cascade ON UPDATE no action;