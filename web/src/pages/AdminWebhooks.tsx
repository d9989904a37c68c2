import { useState } from 'react';
import { api, messageOf, type RotatedSecret } from '../api';
import { useTitle } from '../router';
import { Alert, Confirm, EmptyState, Loading, useLoad } from '../ui';
import { Deliveries } from './webhooks/Deliveries';
import type { Webhook } from './webhooks/types';
import { WebhookForm } from './webhooks/WebhookForm';

/** Webhook endpoints (admins): add, test, rotate the secret, pause, remove, and read the delivery log. */
export function AdminWebhooks() {
  useTitle('Webhooks');
  const hooks = useLoad(() => api<{ items: Webhook[] }>('GET', '/webhooks'), []);
  const [selected, setSelected] = useState<string | null>(null);
  const [logVersion, setLogVersion] = useState(0);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [removing, setRemoving] = useState<Webhook | null>(null);

  const act = async (run: () => Promise<void>, success: string) => {
    setMessage(null);
    try {
      await run();
      setMessage({ kind: 'success', text: success });
      hooks.reload();
      setLogVersion((n) => n + 1);
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  };
  const test = (hook: Webhook) =>
    act(async () => {
      await api('POST', `/webhooks/${hook.id}/test`);
      setSelected(hook.id);
    }, `A test event is on its way to ${hook.url}.`);
  const rotate = (hook: Webhook) =>
    act(async () => {
      const answer = await api<RotatedSecret>('POST', `/webhooks/${hook.id}/rotate-secret`);
      setSecret({ url: hook.url, secret: answer.secret });
    }, 'New secret made. The old one keeps signing beside it for 24 hours.');
  const setEnabled = (hook: Webhook, enabled: boolean) =>
    act(
      async () => {
        await api('PATCH', `/webhooks/${hook.id}`, { enabled });
      },
      enabled ? `${hook.url} is enabled again.` : `${hook.url} is paused.`,
    );
  const remove = async () => {
    const hook = removing;
    setRemoving(null);
    if (hook) await act(() => api('DELETE', `/webhooks/${hook.id}`), `${hook.url} was removed.`);
    if (hook?.id === selected) setSelected(null);
  };

  return (
    <>
      <h1>Webhooks</h1>
      <p className="lead">
        Postroom tells your systems about vacancies, postings and applications as they happen, signed as the{' '}
        <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> specification says.
      </p>
      <div className="message-slot">{message ? <Alert kind={message.kind}>{message.text}</Alert> : null}</div>
      {secret ? (
        <section className="alert alert-success" aria-labelledby="new-secret">
          <h2 id="new-secret">Copy the signing secret for {secret.url} now</h2>
          <p>It is shown only this once. Your receiver checks each request's signature with it.</p>
          <p>
            <code className="token" data-testid="webhook-secret">
              {secret.secret}
            </code>
          </p>
          <button type="button" className="button secondary small" onClick={() => setSecret(null)}>
            I have copied it
          </button>
        </section>
      ) : null}
      {hooks.error ? <Alert>{hooks.error}</Alert> : null}
      {!hooks.data && !hooks.error ? <Loading what="Loading webhooks" /> : null}
      {hooks.data?.items.length === 0 ? (
        <EmptyState title="No webhook endpoints">
          <p>Add one below to hear about changes as they happen.</p>
        </EmptyState>
      ) : null}
      {hooks.data?.items.map((hook) => (
        <section key={hook.id} className="section" aria-label={hook.url}>
          <h2>
            <code>{hook.url}</code>
          </h2>
          <p className="muted">
            {hook.description ? `${hook.description} · ` : ''}
            {hook.enabled ? 'Enabled' : `Disabled: ${hook.disabledReason ?? ''}`} · {hook.events.join(', ')}
          </p>
          <div className="actions">
            <button
              type="button"
              className="button small"
              onClick={() => test(hook)}
              disabled={!hook.enabled}
            >
              Send test event
            </button>
            <button
              type="button"
              className="button secondary small"
              onClick={() => setSelected(hook.id === selected ? null : hook.id)}
            >
              {hook.id === selected ? 'Hide deliveries' : 'Show deliveries'}
            </button>
            <button type="button" className="button secondary small" onClick={() => rotate(hook)}>
              Rotate secret
            </button>
            <button
              type="button"
              className="button secondary small"
              onClick={() => setEnabled(hook, !hook.enabled)}
            >
              {hook.enabled ? 'Pause' : 'Enable'}
            </button>
            <button type="button" className="link-button" onClick={() => setRemoving(hook)}>
              Remove<span className="visually-hidden"> {hook.url}</span>
            </button>
          </div>
          {hook.id === selected ? (
            <Deliveries
              webhookId={hook.id}
              version={logVersion}
              onRedeliver={(id) =>
                act(() => api('POST', `/webhooks/${hook.id}/deliveries/${id}/redeliver`), 'Sending it again.')
              }
            />
          ) : null}
        </section>
      ))}
      <WebhookForm
        onCreated={(hook, created) => {
          setSecret({ url: hook.url, secret: created });
          setMessage(null);
          hooks.reload();
        }}
      />
      <Confirm
        open={removing !== null}
        title={`Remove ${removing?.url ?? ''}?`}
        confirmLabel="Remove endpoint"
        danger
        onConfirm={remove}
        onCancel={() => setRemoving(null)}
      >
        <p>Postroom stops sending to it, and its delivery log is deleted.</p>
      </Confirm>
    </>
  );
}
