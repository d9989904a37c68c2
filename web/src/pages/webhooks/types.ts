import type { Webhook } from '../../api';

export type { Delivery, Webhook } from '../../api';

/** Every event an endpoint can choose (the API's names: Webhook['events']), in a recruiter's words. */
const EVENT_LABELS: Record<Webhook['events'][number], string> = {
  'vacancy.published': 'A vacancy is published',
  'vacancy.updated': 'A vacancy is changed',
  'vacancy.closed': 'A vacancy is closed',
  'posting.status_changed': 'A posting changes state',
  'posting.out_of_date': 'A posting is out of date (coming soon)',
  'application.created': 'A candidate applies',
};

export const EVENTS = Object.entries(EVENT_LABELS);
