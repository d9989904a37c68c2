import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { api, issuesByPath, messageOf, type Template, type Vacancy } from '../api';
import { Field } from '../ui';

/**
 * "Save as template": a dialog asking for the template's name. A refused name (empty, too long,
 * already used) is shown on the field and the dialog stays open.
 */
export function SaveAsTemplate({
  vacancy,
  open,
  onSaved,
  onCancel,
}: {
  vacancy: Vacancy;
  open: boolean;
  onSaved: (template: Template) => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [name, setName] = useState(vacancy.title);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      // Each time it opens, it proposes the vacancy's title as it is now.
      setName(vacancy.title);
      setError(undefined);
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open, vacancy.title]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const template = await api<Template>('POST', `/vacancies/${vacancy.id}/template`, { name });
      setError(undefined);
      onSaved(template);
    } catch (e) {
      setError(issuesByPath(e).name ?? messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={onCancel} className="dialog">
      <form onSubmit={save} noValidate>
        <h2 id={titleId}>Save as template</h2>
        <p>
          New vacancies started from it get this vacancy’s fields and the fields you set for each board it is
          posted to. Not its reference.
        </p>
        <Field label="Template name" error={error}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            Save template
          </button>
          <button type="button" className="button secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
