import { useEffect } from 'react';
import { api } from '../../api';
import { Alert, EmptyState, formatTime, Loading, useLoad } from '../../ui';
import type { Delivery } from './types';

const STATE: Record<Delivery['status'], string> = {
  pending: 'retrying',
  succeeded: 'posted',
  failed: 'failed',
};
const WORD: Record<Delivery['status'], string> = {
  pending: 'Pending',
  succeeded: 'Delivered',
  failed: 'Failed',
};

/** The endpoint's delivery log: each attempt's answer, and "Send again". */
export function Deliveries({
  webhookId,
  version,
  onRedeliver,
}: {
  webhookId: string;
  version: number;
  onRedeliver: (id: string) => void;
}) {
  const log = useLoad(
    () => api<{ items: Delivery[] }>('GET', `/webhooks/${webhookId}/deliveries`),
    [webhookId, version],
  );
  const pending = log.data?.items.some((d) => d.status === 'pending' && d.attemptCount === 0) ?? false;
  const { reload } = log;
  // A delivery about to be sent: look again shortly (after each answer), so it appears without a reload.
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new answer schedules the next look.
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(reload, 1_000);
    return () => clearTimeout(timer);
  }, [pending, reload, log.data]);
  if (log.error) return <Alert>{log.error}</Alert>;
  if (!log.data) return <Loading what="Loading deliveries" />;
  if (log.data.items.length === 0)
    return (
      <EmptyState title="No deliveries yet">
        <p>Send a test event to see one here.</p>
      </EmptyState>
    );
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Deliveries">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">State</th>
            <th scope="col">Last answer</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {log.data.items.map((d) => {
            const last = d.attempts.at(-1);
            return (
              <tr key={d.id} data-testid="delivery">
                <td>
                  <code>{d.eventType}</code>
                  <div className="muted">
                    {formatTime(d.createdAt)} · <code>{d.webhookId}</code>
                  </div>
                </td>
                <td>
                  <span className={`chip chip-${STATE[d.status]}`}>{WORD[d.status]}</span>
                  <div className="muted">
                    {d.attemptCount} attempt{d.attemptCount === 1 ? '' : 's'}
                    {d.status === 'pending' && d.nextAttemptAt
                      ? ` · next ${formatTime(d.nextAttemptAt)}`
                      : ''}
                  </div>
                </td>
                <td>
                  {last ? (
                    <details>
                      <summary>
                        {last.responseStatus !== null
                          ? `HTTP ${last.responseStatus}`
                          : (last.error ?? 'No answer')}{' '}
                        in {last.durationMs} ms
                      </summary>
                      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard. */}
                      <pre tabIndex={0}>{last.request.body}</pre>
                      {last.responseBody ? (
                        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
                        <pre tabIndex={0}>{last.responseBody}</pre>
                      ) : null}
                    </details>
                  ) : (
                    'Not sent yet'
                  )}
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => onRedeliver(d.id)}>
                    Send again<span className="visually-hidden"> {d.eventType}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
