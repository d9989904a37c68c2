import { type FormEvent, useState } from 'react';
import { api, type ErasureCounts, issuesByPath, messageOf, type SubjectData } from '../../api';
import { Alert, Confirm, Field, formatTime } from '../../ui';

/** Saves the export as a JSON file the person can open (CVs inside in base64). */
function download(data: SubjectData) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'postroom-personal-data.json';
  link.click();
  URL.revokeObjectURL(url);
}

/** A candidate's request: find everything held about an address, export it, erase it (with a confirmation). */
export function CandidateRequests() {
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [found, setFound] = useState<SubjectData | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [erased, setErased] = useState<ErasureCounts | null>(null);
  const call = async <T,>(path: string): Promise<T | null> => {
    try {
      const result = await api<T>('POST', path, { email });
      setError(undefined);
      return result;
    } catch (failure) {
      setError(issuesByPath(failure).email ?? messageOf(failure));
      return null;
    }
  };
  const find = async (event: FormEvent) => {
    event.preventDefault();
    setErased(null);
    setFound(await call<SubjectData>('/privacy/subject/find'));
  };
  const exportAll = async () => {
    const data = await call<SubjectData>('/privacy/subject/export');
    if (data) download(data);
  };
  const erase = async () => {
    setConfirming(false);
    const counts = await call<ErasureCounts>('/privacy/subject/erase');
    if (counts) {
      setErased(counts);
      setFound(null);
    }
  };
  return (
    <section className="section">
      <h2>A candidate's request</h2>
      <form onSubmit={find} noValidate>
        <Field id="subjectEmail" label="The candidate's e-mail address" error={error}>
          {(c) => (
            <input
              id={c.id}
              type="email"
              value={email}
              aria-describedby={c.describedBy}
              aria-invalid={c.invalid || undefined}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button">
          Find their data
        </button>
      </form>
      {erased ? (
        <Alert kind="success">
          Erased: {erased.applications} applications, {erased.cvFiles} CV files, {erased.activityEntries}{' '}
          activity entries, {erased.mails} e-mails.
        </Alert>
      ) : null}
      {found ? <Found data={found} onExport={exportAll} onErase={() => setConfirming(true)} /> : null}
      <Confirm
        open={confirming}
        title={`Erase everything held about ${email}?`}
        confirmLabel="Erase their data"
        danger
        onConfirm={erase}
        onCancel={() => setConfirming(false)}
      >
        <p>Their applications are anonymised and their CV files deleted. This cannot be undone.</p>
      </Confirm>
    </section>
  );
}

function Found({
  data,
  onExport,
  onErase,
}: {
  data: SubjectData;
  onExport: () => void;
  onErase: () => void;
}) {
  return (
    <div>
      <p>
        {data.applications.length} applications, {data.activity.length} activity entries, {data.mails.length}{' '}
        e-mails.
      </p>
      <ul>
        {data.applications.map((a) => (
          <li key={a.id}>
            {a.name}: {a.vacancy.title} ({a.vacancy.reference}), from {a.source}, {formatTime(a.createdAt)}
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="button secondary" onClick={onExport}>
          Export (JSON with CVs)
        </button>
        <button type="button" className="button danger" onClick={onErase}>
          Erase…
        </button>
      </div>
    </div>
  );
}
