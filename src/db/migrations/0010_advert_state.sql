ALTER TABLE "postings" ADD COLUMN "advert_state" text;--> statement-breakpoint
-- The advert's state in Postroom's words, from the board words stored so far (NHS Jobs is the only
-- board that reported one: DRAFT, PUBLISHED, CLOSED).
UPDATE "postings" SET "advert_state" = CASE "board_status"
  WHEN 'DRAFT' THEN 'draft' WHEN 'PUBLISHED' THEN 'published' WHEN 'CLOSED' THEN 'closed' END
  WHERE "board_status" IS NOT NULL;--> statement-breakpoint
-- posting.status_changed carries the normalised advert state beside the board's own word.
CREATE OR REPLACE FUNCTION postroom_posting_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status NOT IN ('failed', 'uncertain') AND NOT postroom_subscribed(NEW.organisation_id, 'posting.status_changed') THEN
    RETURN NULL;
  END IF;
  INSERT INTO events (organisation_id, type, resource_id, data) VALUES (NEW.organisation_id, 'posting.status_changed', NEW.id,
    jsonb_build_object(
      'posting', jsonb_build_object('id', NEW.id, 'vacancyId', NEW.vacancy_id, 'connectionId', NEW.connection_id,
        'board', NEW.board, 'externalId', NEW.external_id, 'externalUrl', NEW.external_url),
      'previousStatus', OLD.status, 'status', NEW.status,
      'boardStatus', NEW.board_status, 'advertState', NEW.advert_state,
      'boardMessage', NEW.last_error ->> 'boardMessage',
      'message', NEW.last_error ->> 'message', 'uncertainReason', NEW.uncertain_reason,
      'nextAttemptAt', postroom_iso(NEW.next_attempt_at), 'scheduledAt', postroom_iso(NEW.scheduled_at),
      'changedAt', postroom_iso(NEW.updated_at)));
  RETURN NULL;
END $$;
