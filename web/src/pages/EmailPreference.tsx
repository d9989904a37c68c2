import { useState } from 'react';
import { api, messageOf, type NotificationPreferences } from '../api';
import { Alert, Field, useLoad } from '../ui';

type Choice = NotificationPreferences['applicationEmails'];

/** The signed-in person's application e-mails: one per application, a daily digest, or none. */
export function EmailPreference() {
  const current = useLoad(() => api<NotificationPreferences>('GET', '/me/notifications'), []);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  if (!current.data) return null;
  const choose = async (applicationEmails: Choice) => {
    try {
      await api('PUT', '/me/notifications', { applicationEmails });
      setMessage({ kind: 'success', text: 'Your e-mail choice is saved.' });
      current.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  };
  return (
    <div className="filters">
      <Field label="E-mail me about applications">
        {({ id }) => (
          <select
            id={id}
            value={current.data?.applicationEmails}
            onChange={(e) => void choose(e.target.value as Choice)}
          >
            <option value="each">For each application</option>
            <option value="digest">In a daily digest</option>
            <option value="none">Never</option>
          </select>
        )}
      </Field>
      <div className="message-slot">{message ? <Alert kind={message.kind}>{message.text}</Alert> : null}</div>
    </div>
  );
}
