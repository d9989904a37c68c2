import { useState } from 'react';
import { api, type Connection, issuesByPath, type Mapping, messageOf } from '../../api';
import { Alert, Field, Loading, useLoad } from '../../ui';

type Row = { from: string; to: string };

/** One row: Postroom's value (a choice when the table has options) and the board's id, each with its error. */
function MappingRow({
  table,
  row,
  index,
  issues,
  onChange,
  onRemove,
}: {
  table: Mapping;
  row: Row;
  index: number;
  issues: Record<string, string>;
  onChange: (row: Row) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  return (
    <li className="mapping-row">
      <Field
        label={`${table.from.label} ${n}`}
        hint={index === 0 ? table.from.hint : undefined}
        error={issues[`${index}.from`]}
      >
        {({ id, describedBy }) =>
          table.from.options ? (
            <select
              id={id}
              aria-describedby={describedBy}
              value={row.from}
              onChange={(e) => onChange({ ...row, from: e.target.value })}
            >
              <option value="">Choose…</option>
              {table.from.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={id}
              aria-describedby={describedBy}
              maxLength={table.from.maxLength}
              value={row.from}
              onChange={(e) => onChange({ ...row, from: e.target.value })}
            />
          )
        }
      </Field>
      <Field
        label={`${table.to.label} ${n}`}
        hint={index === 0 ? table.to.hint : undefined}
        error={issues[`${index}.to`]}
      >
        {({ id, describedBy }) => (
          <input
            id={id}
            aria-describedby={describedBy}
            value={row.to}
            onChange={(e) => onChange({ ...row, to: e.target.value })}
          />
        )}
      </Field>
      <button type="button" className="button secondary small" onClick={onRemove}>
        Remove<span className="visually-hidden"> row {n}</span>
      </button>
    </li>
  );
}

/** One table's editor: its rows, saved whole; errors on the row's field. */
function MappingEditor({ connection, table }: { connection: Connection; table: Mapping }) {
  const [rows, setRows] = useState<Row[]>(table.entries);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = `mapping-${table.key}`;

  const save = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const saved = await api<Mapping>('PUT', `/connections/${connection.id}/mappings/${table.key}`, {
        entries: rows,
      });
      setRows(saved.entries);
      setIssues({});
      setMessage({ kind: 'success', text: `${table.label}: saved.` });
    } catch (e) {
      setIssues(issuesByPath(e, 'entries.'));
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby={headingId}>
      <h3 id={headingId}>{table.label}</h3>
      <p className="hint">{table.description}</p>
      {message ? <Alert kind={message.kind}>{message.text}</Alert> : null}
      {rows.length === 0 ? (
        <p className="muted" data-testid={`mapping-empty-${table.key}`}>
          No rows yet: nothing is sent for this until you add the ids the board gave you.
        </p>
      ) : (
        <ol className="mapping-rows">
          {rows.map((row, i) => (
            <MappingRow
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; the position is the row.
              key={i}
              table={table}
              row={row}
              index={i}
              issues={issues}
              onChange={(next) => setRows(rows.map((r, j) => (j === i ? next : r)))}
              onRemove={() => setRows(rows.filter((_, j) => j !== i))}
            />
          ))}
        </ol>
      )}
      <div className="actions">
        <button
          type="button"
          className="button secondary"
          onClick={() => setRows([...rows, { from: '', to: '' }])}
        >
          Add a row<span className="visually-hidden"> to {table.label}</span>
        </button>
        <button type="button" className="button" disabled={busy} onClick={save}>
          Save {table.label}
        </button>
      </div>
    </section>
  );
}

/** The id tables the connection's board needs (its `mappingTables`), each edited and saved on its own. */
export function MappingTables({ connection }: { connection: Connection }) {
  const data = useLoad(
    () => api<{ items: Mapping[] }>('GET', `/connections/${connection.id}/mappings`),
    [connection.id],
  );
  if (data.error) return <Alert>{data.error}</Alert>;
  if (!data.data) return <Loading what="Loading the id tables" />;
  if (data.data.items.length === 0) return null;
  return (
    <section className="section" aria-labelledby="mappings-title">
      <h2 id="mappings-title">{connection.boardLabel} ids for your values</h2>
      {data.data.items.map((table) => (
        <MappingEditor key={table.key} connection={connection} table={table} />
      ))}
    </section>
  );
}
