import { type FormEvent, useState } from 'react';
import { api, type Erasure, issuesByPath, messageOf, type Organisation, type RetentionPreview } from '../api';
import { useTitle } from '../router';
import { Alert, EmptyState, Field, formatDate, formatTime, Loading, useLoad } from '../ui';
import { CandidateRequests } from './privacy/CandidateRequests';
import { HoldControl } from './privacy/HoldControl';

/** Retention, the 30-day preview, the record of erasures, and a candidate's find/export/erase (admins). */
export function AdminPrivacy() {
  useTitle('Privacy');
  return (
    <>
      <h1>Privacy</h1>
      <p className="lead">
        How long candidates' applications are kept, what will be erased soon, and a candidate's requests to
        see or erase their data. See <code>docs/privacy.md</code>.
      </p>
      <RetentionSetting />
      <ErasurePreview />
      <CandidateRequests />
      <ErasureRecord />
    </>
  );
}

function RetentionSetting() {
  const org = useLoad(() => api<Organisation>('GET', '/organisation'), []);
  const [months, setMonths] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  if (!org.data) return org.error ? <Alert>{org.error}</Alert> : <Loading what="Loading the setting" />;
  const value = months ?? String(org.data.retentionMonths);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    try {
      await api('PATCH', '/organisation', { retentionMonths: Number(value) });
      setIssues({});
      setSaved(true);
    } catch (error) {
      const found = issuesByPath(error);
      setIssues(Object.keys(found).length ? found : { retentionMonths: messageOf(error) });
    }
  };
  return (
    <form className="section" onSubmit={save} noValidate>
      <h2>Retention</h2>
      <Field
        id="retentionMonths"
        label="Keep applications this many months after the vacancy closes"
        hint="From 1 to 24. Candidates are told this on the apply form and in their confirmation."
        error={issues.retentionMonths}
      >
        {(c) => (
          <input
            id={c.id}
            type="number"
            min={1}
            max={24}
            inputMode="numeric"
            value={value}
            aria-describedby={c.describedBy}
            aria-invalid={c.invalid || undefined}
            onChange={(e) => setMonths(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="button">
        Save retention
      </button>
      {saved ? <Alert kind="success">Saved.</Alert> : null}
    </form>
  );
}

function ErasurePreview() {
  const preview = useLoad(() => api<RetentionPreview>('GET', '/privacy/retention'), []);
  return (
    <section className="section">
      <h2>Erased in the next 30 days</h2>
      {preview.error ? <Alert>{preview.error}</Alert> : null}
      {!preview.data && !preview.error ? <Loading what="Loading the preview" /> : null}
      {preview.data?.items.length === 0 ? <EmptyState title="Nothing falls due in the next 30 days" /> : null}
      {preview.data?.items.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Vacancy</th>
              <th scope="col">Applications</th>
              <th scope="col">Erased from</th>
              <th scope="col">Legal hold</th>
            </tr>
          </thead>
          <tbody>
            {preview.data.items.map((item) => (
              <tr key={item.vacancyId}>
                <td>
                  {item.title} ({item.reference})
                </td>
                <td>{item.applications}</td>
                <td>{formatDate(item.eraseFrom)}</td>
                <td>
                  <HoldControl
                    vacancyId={item.vacancyId}
                    reason={item.legalHoldReason}
                    onChange={preview.reload}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function ErasureRecord() {
  const record = useLoad(() => api<{ items: Erasure[] }>('GET', '/privacy/erasures'), []);
  return (
    <section className="section">
      <h2>Record of erasures</h2>
      {record.error ? <Alert>{record.error}</Alert> : null}
      {record.data?.items.length === 0 ? <EmptyState title="Nothing erased yet" /> : null}
      <ul>
        {record.data?.items.map((e) => (
          <li key={e.id}>
            {formatTime(e.at)}: {e.rule} ({e.actorLabel}) — {e.applications} applications, {e.cvFiles} CV
            files, {e.activityEntries} activity entries, {e.mails} e-mails
          </li>
        ))}
      </ul>
    </section>
  );
}
