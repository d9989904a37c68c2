// Two small SVG charts. Each is an image with a text alternative and comes with the same numbers as a
// table, so nothing is told by colour or shape alone.

const PALETTE = ['#1d4f91', '#b3541e', '#2f7d32', '#7b3fa0', '#8a6d00', '#a12651', '#37474f'];
const colourOf = (i: number) => PALETTE[i % PALETTE.length]!;

/** Horizontal bars: one per label. */
export function BarChart({ title, data }: { title: string; data: { label: string; count: number }[] }) {
  const max = Math.max(1, ...data.map((d) => d.count));
  const row = 34;
  const labelWidth = 130;
  const width = 560;
  const height = data.length * row + 8;
  const summary = data.map((d) => `${d.label}: ${d.count}`).join(', ');
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${title}. ${summary}`}
        preserveAspectRatio="xMinYMin meet"
      >
        {data.map((d, i) => {
          const barWidth = ((width - labelWidth - 50) * d.count) / max;
          const y = i * row + 4;
          return (
            <g key={d.label}>
              <text x={labelWidth - 8} y={y + 19} textAnchor="end" className="chart-label">
                {d.label.length > 18 ? `${d.label.slice(0, 17)}…` : d.label}
              </text>
              <rect
                x={labelWidth}
                y={y + 4}
                width={Math.max(barWidth, 2)}
                height={row - 12}
                fill={colourOf(i)}
                rx="2"
              />
              <text x={labelWidth + Math.max(barWidth, 2) + 6} y={y + 19} className="chart-value">
                {d.count}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="visually-hidden">{title}</figcaption>
    </figure>
  );
}

/** Vertical bars per period, one colour per series, with a legend. */
export function SeriesChart({
  title,
  periods,
  series,
}: {
  title: string;
  periods: string[];
  series: { source: string; counts: number[] }[];
}) {
  const width = 640;
  const height = 220;
  const left = 36;
  const bottom = 28;
  const max = Math.max(1, ...series.flatMap((s) => s.counts));
  const group = (width - left) / Math.max(periods.length, 1);
  const bar = Math.max(2, Math.min(18, (group - 6) / Math.max(series.length, 1)));
  const scale = (n: number) => ((height - bottom - 10) * n) / max;
  const totals = series.map((s) => `${s.source}: ${s.counts.reduce((a, b) => a + b, 0)}`).join(', ');
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}. Totals: ${totals}`}>
        <line x1={left} x2={width} y1={height - bottom} y2={height - bottom} className="chart-axis" />
        <text x={left - 6} y={14} textAnchor="end" className="chart-value">
          {max}
        </text>
        <text x={left - 6} y={height - bottom} textAnchor="end" className="chart-value">
          0
        </text>
        {periods.map((period, p) => (
          <g key={period}>
            {series.map((s, i) => {
              const h = scale(s.counts[p] ?? 0);
              return (
                <rect
                  key={s.source}
                  x={left + p * group + 3 + i * bar}
                  y={height - bottom - h}
                  width={bar - 1}
                  height={h}
                  fill={colourOf(i)}
                />
              );
            })}
            {periods.length <= 12 || p % Math.ceil(periods.length / 12) === 0 ? (
              <text x={left + p * group + 3} y={height - 8} className="chart-label">
                {period.slice(5)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="legend">
          {series.map((s, i) => (
            <li key={s.source}>
              <span className="swatch" data-colour={i % PALETTE.length} />
              {s.source}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
