import { type FormEvent, useState } from 'react';
import { api, type Board, type Connection, formatPence, issuesByPath, messageOf } from '../api';
import { useTitle } from '../router';
import { Alert, Confirm, EmptyState, Field, Loading, useLoad } from '../ui';
import { MappingTables } from './connections/MappingTables';
import { OverBudgetSetting } from './connections/OverBudgetSetting';
import { SettingField } from './connections/SettingField';
import { SpendingFields, spendingBody, spendingDraft } from './connections/SpendingFields';

/**
 * A connection's settings form, generated from the board's `connectionSettings` schema. Secrets are
 * write-only: the form shows whether one is set, and sends one only when a new value is typed.
 */
function ConnectionEditor({
  board,
  connection,
  onSaved,
  onCancel,
}: {
  board: Board;
  connection: Connection | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  // Settings that hold id tables are edited in their own section (MappingTables), not here.
  const tableSettings = new Set(board.mappingTables.map((t) => t.setting));
  const properties = Object.fromEntries(
    Object.entries(board.connectionSettings.properties ?? {}).filter(([key]) => !tableSettings.has(key)),
  );
  const secrets = new Set(board.connectionSettings['x-postroom']?.secrets ?? []);
  const required = new Set(board.connectionSettings.required ?? []);
  const [name, setName] = useState(connection?.name ?? board.label);
  const [values, setValues] = useState<Record<string, unknown>>(() => ({ ...(connection?.settings ?? {}) }));
  const [spending, setSpending] = useState(() => spendingDraft(connection));
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    const settings = Object.fromEntries(
      Object.entries(values).filter(
        ([key, v]) => !tableSettings.has(key) && !(secrets.has(key) && (v === '' || v === undefined)),
      ),
    );
    const { body: spend, errors } = spendingBody(spending);
    if (Object.keys(errors).length) {
      setIssues(errors);
      setError('Fix the amounts: nothing was saved.');
      setBusy(false);
      return;
    }
    try {
      if (connection) await api('PATCH', `/connections/${connection.id}`, { name, settings, ...spend });
      else await api('POST', '/connections', { board: board.id, name, settings, ...spend });
      onSaved();
    } catch (e) {
      setIssues(issuesByPath(e));
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={save} noValidate className="section">
      <h2>{connection ? `Change ${connection.name}` : `Connect ${board.label}`}</h2>
      {error ? <Alert>{error}</Alert> : null}
      <Field label="Name" hint="How recruiters see this connection." error={issues.name}>
        {({ id, describedBy }) => (
          <input
            id={id}
            aria-describedby={describedBy}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      {Object.entries(properties).map(([key, p]) => (
        <SettingField
          key={key}
          name={key}
          property={p}
          required={required.has(key)}
          secret={secrets.has(key) ? { isSet: connection?.secretsSet[key] ?? false } : null}
          value={values[key]}
          error={issues[`settings.${key}`] ?? issues[key]}
          onChange={(value) => setValues({ ...values, [key]: value })}
        />
      ))}
      <SpendingFields draft={spending} issues={issues} onChange={setSpending} />
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {connection ? 'Save connection' : 'Connect'}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function AdminConnections() {
  useTitle('Board connections');
  const data = useLoad(async () => {
    const [connections, boards] = await Promise.all([
      api<{ items: Connection[] }>('GET', '/connections'),
      api<{ items: Board[] }>('GET', '/boards'),
    ]);
    return { connections: connections.items, boards: boards.items };
  }, []);
  const [editing, setEditing] = useState<{ board: Board; connection: Connection | null } | null>(null);
  const [removing, setRemoving] = useState<Connection | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  if (data.error) return <Alert>{data.error}</Alert>;
  if (!data.data) return <Loading what="Loading connections" />;
  const { connections, boards } = data.data;

  const remove = async () => {
    if (!removing) return;
    const target = removing;
    setRemoving(null);
    try {
      await api('DELETE', `/connections/${target.id}`);
      setMessage({ kind: 'success', text: `${target.name} was removed.` });
      data.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  };

  return (
    <>
      <h1>Board connections</h1>
      <p className="lead">
        Your organisation's accounts on job boards. Passwords and keys are stored encrypted and never shown
        again.
      </p>
      <div className="message-slot">{message ? <Alert kind={message.kind}>{message.text}</Alert> : null}</div>
      {editing ? (
        <ConnectionEditor
          board={editing.board}
          connection={editing.connection}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setMessage({ kind: 'success', text: 'Connection saved.' });
            setEditing(null);
            data.reload();
          }}
        />
      ) : null}
      {editing?.connection && editing.board.mappingTables.length > 0 ? (
        <MappingTables connection={editing.connection} />
      ) : null}
      {connections.length === 0 ? (
        <EmptyState title="No boards connected yet">
          <p>Connect a board below with your account details from the board.</p>
        </EmptyState>
      ) : (
        <ul className="cards">
          {connections.map((c) => {
            const board = boards.find((b) => b.id === c.board);
            const test = c.settings.testMode === true;
            return (
              <li key={c.id} className="card">
                <h2>{c.name}</h2>
                <p className="muted">
                  {c.boardLabel}
                  {test ? <span className="badge">Test mode</span> : null}
                </p>
                <ul className="set-list">
                  {Object.entries(c.secretsSet).map(([key, set]) => (
                    <li key={key}>
                      {board?.connectionSettings.properties?.[key]?.description?.split(/[,(]/)[0]?.trim() ??
                        key}
                      : <strong>{set ? 'set' : 'not set'}</strong>
                    </li>
                  ))}
                  {c.requiresApproval ? <li>Recruiters’ posts need approval</li> : null}
                  {c.costPence !== null ? <li>Cost per posting: {formatPence(c.costPence)}</li> : null}
                  {c.monthlyBudgetPence !== null ? (
                    <li>Monthly budget: {formatPence(c.monthlyBudgetPence)}</li>
                  ) : null}
                </ul>
                <div className="actions">
                  {board ? (
                    <button
                      type="button"
                      className="button secondary small"
                      onClick={() => setEditing({ board, connection: c })}
                    >
                      Change<span className="visually-hidden"> {c.name}</span>
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className="button danger-outline small"
                    onClick={() => setRemoving(c)}
                  >
                    Remove<span className="visually-hidden"> {c.name}</span>
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <section aria-labelledby="connect-title">
        <h2 id="connect-title">Connect a board</h2>
        <div className="toolbar-row">
          {boards.map((b) => (
            <button
              key={b.id}
              type="button"
              className="button secondary"
              onClick={() => setEditing({ board: b, connection: null })}
            >
              Connect {b.label}
            </button>
          ))}
        </div>
      </section>
      <OverBudgetSetting />
      <Confirm
        open={removing !== null}
        title={`Remove ${removing?.name ?? ''}?`}
        confirmLabel="Remove connection"
        danger
        onConfirm={remove}
        onCancel={() => setRemoving(null)}
      >
        <p>Postings made through it keep their history. A connection with open postings cannot be removed.</p>
      </Confirm>
    </>
  );
}
