-- The transaction that last added a posting or changed its state, for the posting marks of a keyword
-- search (src/services/vacancies/posting-marks.ts), which read only the postings changed since their
-- last snapshot. Not in schema.ts: no query selects it but those marks. Rows from before this
-- migration start at 0, which a first read takes in.
ALTER TABLE "postings" ADD COLUMN "state_xid" xid8 DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "postings" ALTER COLUMN "state_xid" SET DEFAULT pg_current_xact_id();--> statement-breakpoint
CREATE INDEX "postings_state_xid_idx" ON "postings" USING btree ("organisation_id","state_xid");--> statement-breakpoint
CREATE FUNCTION "postroom_posting_state_xid"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.state_xid := pg_current_xact_id();
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "postings_state_changed" BEFORE UPDATE OF "status" ON "postings" FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status") EXECUTE FUNCTION "postroom_posting_state_xid"();
