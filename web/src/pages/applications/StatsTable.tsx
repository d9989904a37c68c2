import { Field, formatDate } from '../../ui';

/** The period the statistics count: from and to (UTC days), per day or week. */
export interface Range {
  from: string;
  to: string;
  interval: string;
}

export function PeriodFilters({ range, onChange }: { range: Range; onChange: (range: Range) => void }) {
  return (
    <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Period">
      <Field label="From">
        {({ id }) => (
          <input
            id={id}
            type="date"
            value={range.from}
            onChange={(e) => e.target.value && onChange({ ...range, from: e.target.value })}
          />
        )}
      </Field>
      <Field label="To">
        {({ id }) => (
          <input
            id={id}
            type="date"
            value={range.to}
            onChange={(e) => e.target.value && onChange({ ...range, to: e.target.value })}
          />
        )}
      </Field>
      <Field label="Per">
        {({ id }) => (
          <select
            id={id}
            value={range.interval}
            onChange={(e) => onChange({ ...range, interval: e.target.value })}
          >
            <option value="week">Week</option>
            <option value="day">Day</option>
          </select>
        )}
      </Field>
    </form>
  );
}

/** The counts as a table: a row a period, a column a source. */
export function StatsTable({
  range,
  periods,
  rows,
}: {
  range: Range;
  periods: string[];
  rows: { source: string; counts: number[] }[];
}) {
  return (
    <div className="table-wrap">
      <table className="table numbers">
        <caption>
          Applications per {range.interval}, {formatDate(range.from)} to {formatDate(range.to)}
        </caption>
        <thead>
          <tr>
            <th scope="col">{range.interval === 'week' ? 'Week of' : 'Day'}</th>
            {rows.map((r) => (
              <th scope="col" key={r.source}>
                {r.source}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {periods.map((period, p) => (
            <tr key={period}>
              <th scope="row">{formatDate(period.slice(0, 10))}</th>
              {rows.map((r) => (
                <td key={r.source}>{r.counts[p]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
