import { api, type Mail } from '../api';
import { useTitle } from '../router';
import { Alert, EmptyState, formatTime, Loading, useLoad } from '../ui';

const STATUS: Record<Mail['status'], string> = {
  queued: 'Waiting to be sent',
  sent: 'Sent',
  kept: 'Kept here (no SMTP server set)',
  failed: 'Not sent',
};

/** The e-mails Postroom sent or, without SMTP_URL, keeps here instead (admins). */
export function AdminOutbox() {
  useTitle('Outbox');
  const mails = useLoad(() => api<{ items: Mail[] }>('GET', '/mails'), []);
  return (
    <>
      <h1>Outbox</h1>
      <p className="lead">
        The e-mails Postroom sends: application notices, candidates' confirmations, failed postings. Without
        an SMTP server (<code>SMTP_URL</code>) they are kept here instead of sent.
      </p>
      {mails.error ? <Alert>{mails.error}</Alert> : null}
      {!mails.data && !mails.error ? <Loading what="Loading the outbox" /> : null}
      {mails.data?.items.length === 0 ? <EmptyState title="No e-mails yet" /> : null}
      {mails.data?.items.map((mail) => (
        <details key={mail.id} className="section">
          <summary>
            <span className="strong">{mail.subject}</span> — to {mail.to} · {formatTime(mail.createdAt)} ·{' '}
            {STATUS[mail.status]}
            {mail.lastError ? ` (${mail.lastError})` : ''}
          </summary>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard. */}
          <pre tabIndex={0}>{mail.text}</pre>
        </details>
      ))}
    </>
  );
}
