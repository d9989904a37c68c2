import { type ChangeEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api, messageOf, type VacancyImport } from '../api';
import { Link, useTitle } from '../router';
import { Alert } from '../ui';
import { ImportReport } from './vacancies/ImportReport';

type ImportBody = { csv: string } | { rows: unknown[] };
type Failure = { message: string; issues: { path: string; message: string }[] };

/** The request body for a chosen file: CSV as text, JSON as its array of vacancies. */
async function bodyOf(file: File): Promise<ImportBody> {
  const text = await file.text();
  if (!file.name.toLowerCase().endsWith('.json')) return { csv: text };
  const rows: unknown = JSON.parse(text);
  if (!Array.isArray(rows)) throw new Error('The JSON file must be an array of vacancies.');
  return { rows };
}

const failureOf = (error: unknown): Failure =>
  error instanceof SyntaxError
    ? { message: 'The file is not valid JSON.', issues: [] }
    : { message: messageOf(error), issues: error instanceof ApiError ? error.issues : [] };

/** Upload a CSV or JSON file of vacancies: a preview of what will change first, then the import. */
export function ImportVacancies() {
  useTitle('Import vacancies');
  const [body, setBody] = useState<ImportBody>();
  const [preview, setPreview] = useState<VacancyImport>();
  const [result, setResult] = useState<VacancyImport>();
  const [failure, setFailure] = useState<Failure>();
  const [busy, setBusy] = useState<string>();
  const report = useRef<HTMLElement>(null);

  // The newest report takes the focus, so it is read out and the keyboard is where the answer is.
  useEffect(() => {
    if (preview || result) report.current?.focus();
  }, [preview, result]);

  const send = async (chosen: ImportBody, dryRun: boolean) => {
    setBusy(dryRun ? 'Checking the file' : 'Importing');
    setFailure(undefined);
    try {
      return await api<VacancyImport>('POST', '/vacancies/import', { ...chosen, dryRun });
    } catch (error) {
      setFailure(failureOf(error));
      return undefined;
    } finally {
      setBusy(undefined);
    }
  };

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setBody(undefined);
    setPreview(undefined);
    setResult(undefined);
    setFailure(undefined);
    if (!file) return;
    let chosen: ImportBody;
    try {
      chosen = await bodyOf(file);
    } catch (error) {
      setFailure(failureOf(error));
      return;
    }
    setBody(chosen);
    setPreview(await send(chosen, true));
  };

  const importNow = async () => {
    if (!body) return;
    const done = await send(body, false);
    if (done) {
      setPreview(undefined);
      setResult(done);
    }
  };

  const toWrite = preview ? preview.counts.created + preview.counts.updated : 0;
  return (
    <>
      <h1>Import vacancies</h1>
      <p>
        Choose a CSV file with a header row and a vacancy per row, or a JSON file with a list of vacancies.
        Each row is found by its reference: new references become draft vacancies, changed rows update their
        vacancy, and rows that match their vacancy are left as they are. The columns are the vacancy's fields,
        such as <code>reference</code>, <code>title</code>, <code>closingDate</code> and{' '}
        <code>salary.min</code> (see docs/import.md and the sample docs/vacancies-sample.csv). You see what
        will change before anything is written.
      </p>
      <div className="field">
        <label htmlFor="import-file">CSV or JSON file</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,.json,text/csv,application/json"
          onChange={choose}
          disabled={Boolean(busy)}
        />
      </div>
      {busy ? <output className="loading">{busy}…</output> : null}
      {failure ? (
        <Alert>
          <p>{failure.message}</p>
          {failure.issues.length > 0 ? (
            <ul>
              {failure.issues.map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>{issue.message}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      {preview ? (
        <>
          <ImportReport ref={report} report={preview} title="Preview: what the import will do" />
          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={Boolean(busy) || toWrite === 0}
              onClick={importNow}
            >
              Import {toWrite} {toWrite === 1 ? 'vacancy' : 'vacancies'}
            </button>
          </div>
        </>
      ) : null}
      {result ? <ImportReport ref={report} report={result} title="Import done" /> : null}
      <p>
        <Link to="/vacancies">Back to the vacancies</Link>
      </p>
    </>
  );
}
