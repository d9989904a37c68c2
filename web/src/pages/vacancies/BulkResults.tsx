import { useEffect, useRef } from 'react';
import type { BulkOutcome } from './bulk';

/** What a bulk action did: a summary, then each refused item with the reason. Takes the focus. */
export function BulkResults({ outcome }: { outcome: BulkOutcome }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const { what, succeeded, failures } = outcome;
  return (
    <section ref={ref} tabIndex={-1} className="panel bulk-results" aria-labelledby="bulk-results-title">
      <h2 id="bulk-results-title">{what}: results</h2>
      <p>
        {succeeded} done{failures.length > 0 ? `, ${failures.length} not done` : ''}.
      </p>
      {failures.length > 0 ? (
        <>
          <h3>Not done</h3>
          <ul className="bulk-failures">
            {failures.map((f, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed once shown.
              <li key={i}>
                <strong>{f.label}</strong>: {f.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
