import { type FormEvent, useState } from 'react';
import { api, type CreatedWebhook, issuesByPath, messageOf } from '../../api';
import { Alert, Field } from '../../ui';
import { EVENTS, type Webhook } from './types';

/** Adds an endpoint; the signing secret is handed up, to be shown once. */
export function WebhookForm({ onCreated }: { onCreated: (webhook: Webhook, secret: string) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(EVENTS.map(([value]) => value));
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await api<CreatedWebhook>('POST', '/webhooks', {
        url,
        description,
        events,
      });
      setUrl('');
      setDescription('');
      setIssues({});
      onCreated(created, created.secret);
    } catch (e) {
      setIssues(issuesByPath(e));
      setError(messageOf(e));
    }
  };

  const toggle = (value: string, on: boolean) =>
    setEvents((now) => (on ? [...now, value] : now.filter((v) => v !== value)));
  const eventsError = Object.entries(issues).find(([path]) => path.startsWith('events'))?.[1];

  return (
    <form onSubmit={submit} noValidate className="section">
      <h2>Add an endpoint</h2>
      {error ? <Alert>{error}</Alert> : null}
      <Field
        label="Address"
        hint="Where Postroom sends the events, e.g. https://hr.example.org/hooks/postroom"
        error={issues.url}
      >
        {({ id, describedBy }) => (
          <input
            id={id}
            aria-describedby={describedBy}
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        )}
      </Field>
      <Field label="Description" hint="Optional: what receives them." error={issues.description}>
        {({ id, describedBy }) => (
          <input
            id={id}
            aria-describedby={describedBy}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="group">
        <legend>Events</legend>
        {eventsError ? <p className="field-error">{eventsError}</p> : null}
        {EVENTS.map(([value, label]) => (
          <div key={value} className="field checkbox-field">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={events.includes(value)}
                onChange={(e) => toggle(value, e.target.checked)}
              />{' '}
              {label} <code>{value}</code>
            </label>
          </div>
        ))}
      </fieldset>
      <button type="submit" className="button">
        Add endpoint
      </button>
    </form>
  );
}
