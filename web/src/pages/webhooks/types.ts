export interface Webhook {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  createdAt: string;
}

export interface Delivery {
  id: string;
  webhookId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attemptCount: number;
  nextAttemptAt: string | null;
  createdAt: string;
  attempts: {
    startedAt: string;
    durationMs: number;
    request: { url: string; headers: Record<string, string>; body: string };
    responseStatus: number | null;
    responseBody: string | null;
    error: string | null;
  }[];
}

/** The events an endpoint can choose, in a recruiter's words (the API's names are in src/services/webhooks/event-types.ts). */
export const EVENTS: [string, string][] = [
  ['vacancy.published', 'A vacancy is published'],
  ['vacancy.updated', 'A vacancy is changed'],
  ['vacancy.closed', 'A vacancy is closed'],
  ['posting.status_changed', 'A posting changes state'],
  ['posting.out_of_date', 'A posting is out of date (coming soon)'],
  ['application.created', 'A candidate applies'],
];
