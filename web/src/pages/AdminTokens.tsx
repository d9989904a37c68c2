import { type FormEvent, useState } from 'react';
import { type ApiToken, api, type CreatedToken, issuesByPath, messageOf, type Role } from '../api';
import { useTitle } from '../router';
import { Alert, Confirm, EmptyState, Field, formatTime, Loading, useLoad } from '../ui';

export function AdminTokens() {
  useTitle('API tokens');
  const tokens = useLoad(() => api<{ items: ApiToken[] }>('GET', '/tokens'), []);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('recruiter');
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      const answer = await api<CreatedToken>('POST', '/tokens', { name, role });
      setCreated({ token: answer.token, name: answer.apiToken.name });
      setName('');
      setIssues({});
      tokens.reload();
    } catch (e) {
      setIssues(issuesByPath(e));
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  };

  const revoke = async () => {
    if (!revoking) return;
    const token = revoking;
    setRevoking(null);
    try {
      await api('DELETE', `/tokens/${token.id}`);
      setMessage({ kind: 'success', text: `${token.name} was revoked: it no longer works.` });
      tokens.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  };

  const active = tokens.data?.items.filter((t) => !t.revokedAt) ?? [];

  return (
    <>
      <h1>API tokens</h1>
      <p className="lead">
        For your own systems and scripts: send a token as <code>Authorization: Bearer …</code> to the{' '}
        <a href="/api/docs">Postroom API</a>.
      </p>
      <div className="message-slot">{message ? <Alert kind={message.kind}>{message.text}</Alert> : null}</div>
      {created ? (
        <section className="alert alert-success" aria-labelledby="new-token">
          <h2 id="new-token">Copy the token “{created.name}” now</h2>
          <p>It is shown only this once; Postroom keeps only a fingerprint of it.</p>
          <p>
            <code className="token" data-testid="new-token">
              {created.token}
            </code>
          </p>
          <button type="button" className="button secondary small" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </section>
      ) : null}
      {tokens.error ? <Alert>{tokens.error}</Alert> : null}
      {!tokens.data && !tokens.error ? <Loading what="Loading tokens" /> : null}
      {tokens.data && active.length === 0 ? (
        <EmptyState title="No API tokens">
          <p>Create one below to connect another system to Postroom.</p>
        </EmptyState>
      ) : null}
      {active.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {active.map((t) => (
                <tr key={t.id}>
                  <td>
                    <span className="strong">{t.name}</span>
                    <div className="muted">
                      <code>{t.prefix}…</code> · created {formatTime(t.createdAt)}
                    </div>
                  </td>
                  <td>{t.role === 'admin' ? 'Admin' : t.role === 'approver' ? 'Approver' : 'Recruiter'}</td>
                  <td>{t.lastUsedAt ? formatTime(t.lastUsedAt) : 'Never'}</td>
                  <td>
                    <button type="button" className="link-button" onClick={() => setRevoking(t)}>
                      Revoke<span className="visually-hidden"> {t.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <form onSubmit={create} noValidate className="section">
        <h2>Create a token</h2>
        <div className="row">
          <Field label="Name" hint="What uses it, e.g. “HR system”." error={issues.name}>
            {({ id, describedBy }) => (
              <input
                id={id}
                aria-describedby={describedBy}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
          <Field label="Role" error={issues.role}>
            {({ id, describedBy }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                value={role}
                onChange={(e) => setRole(e.target.value as Role)}
              >
                <option value="recruiter">Recruiter</option>
                <option value="approver">Approver</option>
                <option value="admin">Admin</option>
              </select>
            )}
          </Field>
        </div>
        <button type="submit" className="button">
          Create token
        </button>
      </form>
      <Confirm
        open={revoking !== null}
        title={`Revoke ${revoking?.name ?? ''}?`}
        confirmLabel="Revoke token"
        danger
        onConfirm={revoke}
        onCancel={() => setRevoking(null)}
      >
        <p>Anything using it stops working at once.</p>
      </Confirm>
    </>
  );
}
