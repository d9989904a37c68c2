import type { Board, BoardField } from './api';
import { isShown } from './BoardForm';
import { SafeHtml } from './SafeHtml';

type Values = Record<string, unknown>;

// How the advert will read on a board, derived from the board's declared fields by what they are
// called (its title, salary, location or address, its texts and apply link): no board is named here.
const is = (pattern: RegExp) => (f: BoardField) => pattern.test(f.key) || pattern.test(f.label);
const TITLE = is(/title$/i);
const SALARY = (f: BoardField) => /salary/i.test(f.key) || /salary/i.test(f.section ?? '');
const PLACE = is(/^(location|address)$/i);
const APPLY = (f: BoardField) => f.type === 'url' && is(/apply/i)(f);

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const money = (n: number) =>
  n.toLocaleString('en-GB', {
    style: 'currency',
    currency: 'GBP',
    maximumFractionDigits: Number.isInteger(n) ? 0 : 2,
  });
const optionLabel = (f: BoardField, v: unknown) => f.options?.find((o) => o.value === v)?.label ?? text(v);

/** The salary fields' values (flat or in one group) as one line, e.g. "£31,049 to £37,796 per year". */
function salaryLine(fields: BoardField[], values: Values): string {
  const parts: [BoardField, unknown][] = [];
  const collect = (list: BoardField[], own: Values) => {
    for (const f of list.filter((x) => isShown(x, own))) {
      if (f.type === 'object') collect([...(f.properties ?? [])], (own[f.key] ?? {}) as Values);
      else parts.push([f, own[f.key]]);
    }
  };
  collect(fields, values);
  const typed = parts.find(([f, v]) => f.type === 'text' && text(v));
  if (typed) return text(typed[1]);
  const amount = (pattern: RegExp) =>
    parts.find(([f, v]) => f.type === 'number' && typeof v === 'number' && pattern.test(f.key))?.[1] as
      | number
      | undefined;
  const low = amount(/min|low|from|amount/i);
  const high = amount(/max|high|to/i);
  const period = parts.find(
    ([f, v]) => f.type === 'select' && /period|per/i.test(`${f.key} ${f.label}`) && v,
  );
  const per = period ? optionLabel(period[0], period[1]).toLowerCase() : '';
  const figures = [low, high].filter((n): n is number => n !== undefined).map(money);
  if (figures.length === 0) {
    // No figures: the chosen kind of salary says it (e.g. "Negotiable").
    return parts
      .filter(([f, v]) => f.type === 'select' && v)
      .map(([f, v]) => optionLabel(f, v))
      .join(', ');
  }
  const range = [...new Set(figures)].join(' to ');
  return per ? `${range} ${per.endsWith('ly') ? per : `per ${per}`}` : range;
}

function placeLine(field: BoardField | undefined, values: Values): string {
  if (!field) return '';
  const value = values[field.key];
  if (field.type !== 'object') return text(value);
  const own = (value ?? {}) as Values;
  return (field.properties ?? [])
    .map((p) => text(own[p.key]))
    .filter(Boolean)
    .join(', ');
}

/** One text of the advert under its label: HTML as structured text, a list as bullets. */
function Section({ field, value }: { field: BoardField; value: unknown }) {
  if (field.type === 'list') {
    const items = Array.isArray(value) ? value.map(text).filter(Boolean) : [];
    if (!items.length) return null;
    return (
      <>
        <h5>{field.label}</h5>
        <ul>
          {items.map((item, i) => (
            <li key={`${i}-${item}`}>{item}</li>
          ))}
        </ul>
      </>
    );
  }
  if (!text(value)) return null;
  return (
    <>
      <h5>{field.label}</h5>
      {field.type === 'html' ? <SafeHtml html={text(value)} /> : <p className="pre-line">{text(value)}</p>}
    </>
  );
}

/** The advert as candidates will see it on this board, from the values about to be sent. */
export function AdvertPreview({ id, board, values }: { id: string; board: Board; values: Values }) {
  const shown = board.fields.filter((f) => isShown(f, values));
  const title = shown.find((f) => f.type === 'text' && TITLE(f));
  const salary = salaryLine(shown.filter(SALARY), values);
  const place = placeLine(shown.find(PLACE), values);
  const apply = text(values[shown.find(APPLY)?.key ?? '']);
  const texts = shown.filter((f) => !f.hidden && ['html', 'textarea', 'list'].includes(f.type));
  const headingId = `${id}-title`;
  return (
    <section className="advert-preview" aria-labelledby={headingId}>
      <h3 id={headingId}>How candidates will see it on {board.label}</h3>
      <div className="advert-card">
        <h4>{title ? text(values[title.key]) || '(no title yet)' : '(no title)'}</h4>
        <dl className="advert-facts">
          {salary ? (
            <div>
              <dt>Salary</dt>
              <dd>{salary}</dd>
            </div>
          ) : null}
          {place ? (
            <div>
              <dt>Location</dt>
              <dd>{place}</dd>
            </div>
          ) : null}
        </dl>
        {texts.map((f) => (
          <Section key={f.key} field={f} value={values[f.key]} />
        ))}
        {apply ? (
          <p className="advert-apply">
            Apply: <a href={apply}>{apply}</a>
          </p>
        ) : null}
      </div>
      {/[?&]src=preview\b/.test(apply) ? (
        <p className="hint">
          The apply link ends in <code>?src=preview</code> here. When you post, it becomes this posting's own
          tracking link, so applications through it are credited to {board.label}.
        </p>
      ) : null}
    </section>
  );
}
