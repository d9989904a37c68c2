/**
 * The events an endpoint may choose. Vacancy, posting and application events are written by
 * database triggers (migration 0007_webhooks_and_mail.sql) in the transaction of the change.
 */
export const EVENT_TYPES = [
  'vacancy.published',
  'vacancy.updated',
  'vacancy.closed',
  'posting.status_changed',
  /** Declared for subscriptions now; emitted once out-of-date detection (SPEC "Keeping postings in step") lands. */
  'posting.out_of_date',
  'application.created',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Sent only by "Send test event", to the one endpoint. */
export const TEST_EVENT = 'webhook.test';
