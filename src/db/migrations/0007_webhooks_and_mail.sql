CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"type" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"webhook_id" text DEFAULT 'msg_' || replace(gen_random_uuid()::text, '-', '') NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone,
	CONSTRAINT "events_webhook_id_unique" UNIQUE("webhook_id")
);
--> statement-breakpoint
CREATE TABLE "mails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"to" text NOT NULL,
	"reply_to" text,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"delivery_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"request" jsonb NOT NULL,
	"response_status" integer,
	"response_body" text,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"event_id" bigint NOT NULL,
	"resource_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"events" jsonb NOT NULL,
	"secrets" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"failing_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "application_emails" text DEFAULT 'each' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "digest_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mails" ADD CONSTRAINT "mails_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_undispatched_idx" ON "events" USING btree ("id") WHERE "events"."dispatched_at" is null;--> statement-breakpoint
CREATE INDEX "mails_organisation_idx" ON "mails" USING btree ("organisation_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" USING btree ("delivery_id","id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "webhook_deliveries_resource_idx" ON "webhook_deliveries" USING btree ("endpoint_id","resource_id","event_id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_organisation_idx" ON "webhook_endpoints" USING btree ("organisation_id");--> statement-breakpoint
-- Events are written by triggers, so every change that causes one writes it in its own transaction,
-- whichever code path made the change. Payload keys are the API's (camelCase).
CREATE FUNCTION postroom_iso(at timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;--> statement-breakpoint
CREATE FUNCTION postroom_subscribed(org uuid, event_type text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE organisation_id = org AND enabled AND events ? event_type)
$$;--> statement-breakpoint
CREATE FUNCTION postroom_vacancy_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text;
  changed jsonb := '[]'::jsonb;
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    kind := CASE NEW.status WHEN 'live' THEN 'vacancy.published' WHEN 'closed' THEN 'vacancy.closed' END;
  ELSIF NEW.version IS DISTINCT FROM OLD.version THEN
    kind := 'vacancy.updated';
    SELECT coalesce(jsonb_agg(lower(left(n.key, 1)) || substr(replace(initcap(replace(n.key, '_', ' ')), ' ', ''), 2) ORDER BY n.key), '[]'::jsonb)
      INTO changed
      FROM jsonb_each(to_jsonb(NEW)) n
      WHERE n.key NOT IN ('version', 'updated_at', 'created_at', 'published_at', 'closed_at', 'status')
        AND n.value IS DISTINCT FROM to_jsonb(OLD) -> n.key;
  END IF;
  IF kind IS NULL OR NOT postroom_subscribed(NEW.organisation_id, kind) THEN
    RETURN NULL;
  END IF;
  INSERT INTO events (organisation_id, type, resource_id, data) VALUES (NEW.organisation_id, kind, NEW.id,
    jsonb_build_object('vacancy', jsonb_build_object(
      'id', NEW.id, 'reference', NEW.reference, 'title', NEW.title, 'status', NEW.status,
      'version', NEW.version, 'employmentType', NEW.employment_type, 'location', NEW.location,
      'salary', NEW.salary, 'closingDate', NEW.closing_date,
      'publishedAt', postroom_iso(NEW.published_at), 'closedAt', postroom_iso(NEW.closed_at),
      'updatedAt', postroom_iso(NEW.updated_at)))
    || CASE WHEN kind = 'vacancy.updated' THEN jsonb_build_object('changedFields', changed) ELSE '{}'::jsonb END);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER vacancies_event AFTER UPDATE ON vacancies FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.version IS DISTINCT FROM NEW.version)
  EXECUTE FUNCTION postroom_vacancy_event();--> statement-breakpoint
-- Failed and uncertain postings are always recorded: their vacancy's owner is told by e-mail.
CREATE FUNCTION postroom_posting_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status NOT IN ('failed', 'uncertain') AND NOT postroom_subscribed(NEW.organisation_id, 'posting.status_changed') THEN
    RETURN NULL;
  END IF;
  INSERT INTO events (organisation_id, type, resource_id, data) VALUES (NEW.organisation_id, 'posting.status_changed', NEW.id,
    jsonb_build_object(
      'posting', jsonb_build_object('id', NEW.id, 'vacancyId', NEW.vacancy_id, 'connectionId', NEW.connection_id,
        'board', NEW.board, 'externalId', NEW.external_id, 'externalUrl', NEW.external_url),
      'previousStatus', OLD.status, 'status', NEW.status,
      'boardStatus', NEW.board_status, 'boardMessage', NEW.last_error ->> 'boardMessage',
      'message', NEW.last_error ->> 'message', 'uncertainReason', NEW.uncertain_reason,
      'nextAttemptAt', postroom_iso(NEW.next_attempt_at), 'scheduledAt', postroom_iso(NEW.scheduled_at),
      'changedAt', postroom_iso(NEW.updated_at)));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER postings_status_event AFTER UPDATE OF status ON postings FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION postroom_posting_event();--> statement-breakpoint
-- Always recorded: the candidate's confirmation and the recruiters' e-mails come from it.
CREATE FUNCTION postroom_application_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO events (organisation_id, type, resource_id, data) VALUES (NEW.organisation_id, 'application.created', NEW.id,
    jsonb_build_object('application', jsonb_build_object(
      'id', NEW.id, 'vacancyId', NEW.vacancy_id, 'name', NEW.name, 'email', NEW.email, 'phone', NEW.phone,
      'source', jsonb_build_object('kind', NEW.source_kind, 'label', NEW.source_label),
      'postingId', NEW.posting_id, 'cvType', NEW.cv_type, 'cvSize', NEW.cv_size,
      'createdAt', postroom_iso(NEW.created_at))));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER applications_event AFTER INSERT ON applications FOR EACH ROW
  EXECUTE FUNCTION postroom_application_event();
