import { isAdvertState } from '../../domain/advert-state.js';
import type { PostingError, PostingStatus } from '../../domain/posting.js';
import { statusText } from '../postings/posting-record.js';

/** The stored event, as the trigger or a service wrote it. */
export interface StoredEvent {
  type: string;
  webhookId: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

/**
 * The body of a webhook, in the Standard Webhooks shape `{type, timestamp, data}`. Links and
 * recruiter-facing words are added here, at send time, from what the trigger stored.
 */
export function webhookBody(event: StoredEvent, publicUrl: string): string {
  return JSON.stringify({
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    data: enrich(event, publicUrl),
  });
}

function enrich(event: StoredEvent, publicUrl: string): Record<string, unknown> {
  const data = event.data;
  if (event.type === 'application.created') {
    const application = data.application as { id: string };
    // No CV bytes in a webhook: the integrator fetches the file with its own API token.
    return {
      application: { ...application, cvUrl: `${publicUrl}/api/v1/applications/${application.id}/cv` },
    };
  }
  if (event.type === 'posting.status_changed') {
    const posting = data.posting as { board: string };
    const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : null);
    const text = statusText({
      status: data.status as PostingStatus,
      board: posting.board,
      advertState: isAdvertState(data.advertState) ? data.advertState : null,
      lastError: data.message ? ({ message: data.message, reason: '' } as PostingError) : null,
      uncertainReason: (data.uncertainReason as string | null) ?? null,
      nextAttemptAt: date(data.nextAttemptAt),
      scheduledAt: date(data.scheduledAt),
    });
    const { nextAttemptAt: _next, scheduledAt: _scheduled, ...rest } = data;
    // Events stored before the advert state was kept have none.
    return { ...rest, advertState: rest.advertState ?? null, statusText: text };
  }
  return data;
}
