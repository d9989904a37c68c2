import { useState } from 'react';
import { api, messageOf, type Template } from '../api';
import { Link, useTitle } from '../router';
import { startFromTemplate } from '../templates';
import { Alert, Confirm, EmptyState, formatTime, Loading, useLoad } from '../ui';

/** The organisation's vacancy templates: start a vacancy from one, or delete one. */
export function Templates() {
  useTitle('Vacancy templates');
  const templates = useLoad(async () => (await api<{ items: Template[] }>('GET', '/templates')).items, []);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [deleting, setDeleting] = useState<Template | null>(null);

  const start = (template: Template) =>
    startFromTemplate(template).catch((e: unknown) => setMessage({ kind: 'error', text: messageOf(e) }));

  const remove = async () => {
    if (!deleting) return;
    const template = deleting;
    setDeleting(null);
    try {
      await api('DELETE', `/templates/${template.id}`);
      setMessage({ kind: 'success', text: `The template “${template.name}” was deleted.` });
      templates.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  };

  const items = templates.data ?? [];
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/">Vacancies</Link>
      </p>
      <h1>Vacancy templates</h1>
      <p className="lead">Start a new vacancy from one, with its fields and the fields you set per board.</p>
      <div className="message-slot">{message ? <Alert kind={message.kind}>{message.text}</Alert> : null}</div>
      {templates.error ? <Alert>{templates.error}</Alert> : null}
      {!templates.data && !templates.error ? <Loading what="Loading templates" /> : null}
      {templates.data && items.length === 0 ? (
        <EmptyState title="No templates yet">
          <p>Open a vacancy and choose “Save as template” to start others from it.</p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? <TemplateTable items={items} onStart={start} onDelete={setDeleting} /> : null}
      <Confirm
        open={deleting !== null}
        title={`Delete the template “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete template"
        danger
        onConfirm={remove}
        onCancel={() => setDeleting(null)}
      >
        <p>Vacancies started from it stay as they are.</p>
      </Confirm>
    </>
  );
}

/** "With fields for 2 boards · ", or nothing. */
function boardsText(template: Template): string {
  const boards = Object.keys(template.boardFields).length;
  return boards > 0 ? `With fields for ${boards} board${boards === 1 ? '' : 's'} · ` : '';
}

function TemplateTable({
  items,
  onStart,
  onDelete,
}: {
  items: Template[];
  onStart: (template: Template) => void;
  onDelete: (template: Template) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Template</th>
            <th scope="col">Job title</th>
            <th scope="col">Saved from</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((t) => (
            <tr key={t.id}>
              <td>
                <span className="strong">{t.name}</span>
                <div className="muted">
                  {boardsText(t)}saved {formatTime(t.createdAt)} by {t.createdBy}
                </div>
              </td>
              <td>{t.fields.title}</td>
              <td>{t.sourceReference}</td>
              <td>
                <button type="button" className="button small" onClick={() => onStart(t)}>
                  New vacancy<span className="visually-hidden"> from {t.name}</span>
                </button>{' '}
                <button type="button" className="link-button" onClick={() => onDelete(t)}>
                  Delete<span className="visually-hidden"> {t.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
