import { forwardRef } from 'react';
import type { VacancyImport } from '../../api';

/** How each change is said, before (preview) and after the import. */
const OUTCOME_WORDS: Partial<Record<VacancyImport['rows'][number]['outcome'], [string, string]>> = {
  created: ['will be created', 'created'],
  updated: ['will be updated', 'updated'],
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * What an import did, or (as a preview) would do: the counts, then every refused row with its
 * field and the API's message. Takes the focus when it appears, so a screen reader reads it.
 */
export const ImportReport = forwardRef<HTMLElement, { report: VacancyImport; title: string }>(
  function ImportReport({ report, title }, ref) {
    const { created, updated, unchanged, refused } = report.counts;
    const will = report.dryRun;
    const refusedRows = report.rows.filter((r) => r.outcome === 'refused');
    const changing = report.rows.filter((r) => r.outcome === 'created' || r.outcome === 'updated');
    return (
      <section ref={ref} tabIndex={-1} className="panel import-report" aria-labelledby="import-report-title">
        <h2 id="import-report-title">{title}</h2>
        <ul className="import-counts">
          <li>
            {plural(created, 'vacancy', 'vacancies')} {will ? 'to create' : 'created'}
          </li>
          <li>
            {plural(updated, 'vacancy', 'vacancies')} {will ? 'to update' : 'updated'}
          </li>
          <li>{plural(unchanged, 'vacancy', 'vacancies')} unchanged</li>
          <li>{plural(refused, 'row')} refused</li>
        </ul>
        {changing.length > 0 ? (
          <details>
            <summary>
              Which vacancies {will ? 'will be' : 'were'} created or updated ({changing.length})
            </summary>
            <ul className="import-changes">
              {changing.map((r) => (
                <li key={r.row}>
                  Row {r.row}: {r.reference} {OUTCOME_WORDS[r.outcome]?.[will ? 0 : 1]}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        {refusedRows.length > 0 ? (
          <div className="table-wrap">
            <table className="table">
              <caption>
                Refused rows: {will ? 'they will not be imported' : 'nothing was written for them'}. Correct
                them in the file and import it again.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Reference</th>
                  <th scope="col">Field</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {refusedRows.flatMap((r) =>
                  r.issues.map((issue, i) => (
                    <tr key={`${r.row}-${i}`}>
                      <td>{r.row}</td>
                      <td>{r.reference ?? '—'}</td>
                      <td>{issue.path || '—'}</td>
                      <td>{issue.message}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    );
  },
);
