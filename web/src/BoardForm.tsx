import type { ReactNode } from 'react';
import { countSentCharacters } from '../../src/domain/text-length.js';
import type { BoardField, Condition, FieldOption, Issue } from './api';
import { RichText } from './RichTextLazy';
import { Field, personLength, visibleText, wordCount } from './ui';

type Values = Record<string, unknown>;

/** Mirrors src/boards/board.ts `holds`: the form shows and hides fields by the same rule the server checks. */
function holds(condition: Condition, values: Values): boolean {
  const value = values[condition.field];
  if ('oneOf' in condition) return condition.oneOf.includes(value);
  return Array.isArray(value) && value.includes(condition.includes);
}

export const isShown = (field: BoardField, values: Values) =>
  !field.shownWhen || holds(field.shownWhen, values);
const isRequired = (field: BoardField, values: Values) =>
  field.required === true || (field.requiredWhen ? holds(field.requiredWhen, values) : false);

/** The value's length as the board counts it (see `lengthOf` in src/boards/board.ts). */
function lengthOf(field: BoardField, value: string): number {
  if (field.lengthOf === 'sent') return countSentCharacters(value);
  return field.type === 'html' ? visibleText(value).length : personLength(value);
}

function counterOf(field: BoardField, value: unknown) {
  const text = typeof value === 'string' ? value : '';
  if (field.counter === 'words' || (field.maxWords !== undefined && !field.maxLength)) {
    const words = wordCount(field.type === 'html' ? visibleText(text) : text);
    return field.maxWords !== undefined ? { count: words, max: field.maxWords, unit: 'words' } : undefined;
  }
  if (
    field.maxLength !== undefined &&
    (field.counter === 'characters' || field.type === 'textarea' || field.type === 'html')
  )
    return {
      count: lengthOf(field, text),
      max: field.maxLength,
      ...(field.minLength !== undefined && field.minLength > 1 ? { min: field.minLength } : {}),
      unit: 'characters',
    };
  return undefined;
}

/** The id of the control (or group) of the field at `path` in a form with this prefix. */
export const fieldId = (idPrefix: string, path: string) => `${idPrefix}-${path}`;

export interface IssueMap {
  [path: string]: { message: string; severity: 'error' | 'warning' };
}

/** The preview's issues keyed by the path inside `fields` (an error wins over a warning). */
export function issueMap(issues: Issue[]): IssueMap {
  const out: IssueMap = {};
  for (const issue of issues) {
    const path = issue.path.replace(/^fields\./, '');
    const severity = issue.severity ?? 'error';
    if (!out[path] || (out[path].severity === 'warning' && severity === 'error'))
      out[path] = { message: issue.message, severity };
  }
  return out;
}

function Control({
  field,
  value,
  options,
  onChange,
  control,
  locked,
}: {
  field: BoardField;
  value: unknown;
  options: readonly FieldOption[];
  onChange: (value: unknown) => void;
  control: { id: string; describedBy: string | undefined; invalid: boolean };
  locked: boolean;
}) {
  const common = {
    id: control.id,
    disabled: locked || undefined,
    'aria-describedby': control.describedBy,
    'aria-invalid': control.invalid || undefined,
  };
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  switch (field.type) {
    case 'textarea':
      return <textarea {...common} rows={5} value={text} onChange={(e) => onChange(e.target.value)} />;
    case 'html':
      return (
        <RichText
          id={control.id}
          label={field.label}
          value={text}
          describedBy={control.describedBy}
          invalid={control.invalid}
          onChange={onChange}
        />
      );
    case 'number':
      return (
        <input
          {...common}
          type="text"
          inputMode="decimal"
          value={text}
          onChange={(e) => {
            const raw = e.target.value.trim();
            onChange(raw === '' ? null : Number.isFinite(Number(raw)) ? Number(raw) : raw);
          }}
        />
      );
    case 'boolean':
      return (
        <input
          {...common}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    case 'select':
      return (
        <select
          {...common}
          value={text}
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        >
          <option value="">Choose…</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'list':
      return (
        <textarea
          {...common}
          rows={4}
          value={Array.isArray(value) ? value.join('\n') : text}
          onChange={(e) =>
            onChange(e.target.value.split('\n').filter((line, i, all) => line.trim() || i === all.length - 1))
          }
        />
      );
    default: {
      const type = { date: 'date', email: 'email', url: 'url', phone: 'tel' }[field.type as string] ?? 'text';
      return <input {...common} type={type} value={text} onChange={(e) => onChange(e.target.value)} />;
    }
  }
}

function Multiselect({
  id,
  field,
  value,
  options,
  onChange,
  issue,
  badge,
}: {
  id: string | undefined;
  field: BoardField;
  value: unknown;
  options: readonly FieldOption[];
  onChange: (value: unknown) => void;
  issue: IssueMap[string] | undefined;
  badge: ReactNode;
}) {
  const chosen = Array.isArray(value) ? (value as string[]) : [];
  const name = `ms-${field.key}`;
  return (
    <fieldset id={id} className={`field checkboxes${issue?.severity === 'error' ? ' field-error' : ''}`}>
      <legend>
        {field.label}
        {badge}
      </legend>
      {field.help ? <p className="hint">{field.help}</p> : null}
      {issue ? (
        <p className={issue.severity === 'error' ? 'error-message' : 'warning-message'}>{issue.message}</p>
      ) : null}
      {options.length === 0 ? <p className="muted">Choose the field it depends on first.</p> : null}
      <div className="checkbox-grid">
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input
              type="checkbox"
              name={name}
              checked={chosen.includes(o.value)}
              onChange={(e) =>
                onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((v) => v !== o.value))
              }
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** One board field, recursing into objects (salary, address, contract duration). */
function BoardFieldInput({
  idPrefix,
  field,
  path,
  value,
  siblings,
  issues,
  prefilled,
  onChange,
  locked,
}: {
  idPrefix: string | undefined;
  field: BoardField;
  path: string;
  value: unknown;
  siblings: Values;
  issues: IssueMap;
  prefilled: boolean;
  onChange: (value: unknown) => void;
  /** True when the board keeps the value first sent (`fixedOnceSent`) and has the advert. */
  locked: boolean;
}) {
  const issue = issues[path];
  const id = idPrefix ? fieldId(idPrefix, path) : undefined;
  const badge = prefilled ? <span className="badge">Pre-filled</span> : null;
  const optional = isRequired(field, siblings) ? null : <span className="optional"> (optional)</span>;
  const options = field.optionsFrom
    ? (field.optionsFrom.map[String(siblings[field.optionsFrom.field] ?? '')] ?? [])
    : (field.options ?? []);

  if (field.type === 'object') {
    const own = (value && typeof value === 'object' ? value : {}) as Values;
    return (
      <fieldset id={id} className={`field group${issue?.severity === 'error' ? ' field-error' : ''}`}>
        <legend>
          {field.label}
          {optional}
          {badge}
        </legend>
        {field.help ? <p className="hint">{field.help}</p> : null}
        {issue ? (
          <p className={issue.severity === 'error' ? 'error-message' : 'warning-message'}>{issue.message}</p>
        ) : null}
        <div className="row">
          {(field.properties ?? [])
            .filter((p) => isShown(p, own))
            .map((p) => (
              <BoardFieldInput
                key={p.key}
                idPrefix={idPrefix}
                field={p}
                path={`${path}.${p.key}`}
                value={own[p.key]}
                siblings={own}
                issues={issues}
                prefilled={false}
                locked={false}
                onChange={(v) => onChange({ ...own, [p.key]: v })}
              />
            ))}
        </div>
      </fieldset>
    );
  }
  if (field.type === 'multiselect') {
    return (
      <Multiselect
        id={id}
        field={field}
        value={value}
        options={options}
        onChange={onChange}
        issue={issue}
        badge={badge}
      />
    );
  }
  return (
    <Field
      id={id}
      label={
        <>
          {field.label}
          {optional}
        </>
      }
      badge={badge}
      hint={
        locked
          ? 'Locked: the board keeps the value it was first sent. Close the posting and post again to change it.'
          : (field.help ?? (field.type === 'list' ? 'One item a line.' : undefined))
      }
      error={issue?.severity === 'error' ? issue.message : undefined}
      warning={issue?.severity === 'warning' ? issue.message : undefined}
      counter={counterOf(field, value)}
    >
      {(control) => (
        <Control
          field={field}
          value={value}
          options={options}
          onChange={onChange}
          control={control}
          locked={locked}
        />
      )}
    </Field>
  );
}

/** The posting form of one board, generated from its declared fields. */
export function BoardForm({
  idPrefix,
  fields,
  values,
  prefilled,
  issues,
  onChange,
  changingAdvert = false,
}: {
  /** Gives each control the id `fieldId(idPrefix, path)`, so an error summary can link to it. */
  idPrefix?: string;
  fields: BoardField[];
  values: Values;
  prefilled: Set<string>;
  issues: IssueMap;
  onChange: (key: string, value: unknown) => void;
  /** True when changing an advert the board has: fields it keeps as first sent are locked. */
  changingAdvert?: boolean;
}) {
  const shown = fields.filter((f) => !f.hidden && isShown(f, values));
  const sections: [string, BoardField[]][] = [];
  for (const field of shown) {
    const name = field.section ?? 'Details';
    const last = sections.at(-1);
    if (last && last[0] === name) last[1].push(field);
    else sections.push([name, [field]]);
  }
  return (
    <>
      {sections.map(([name, list]) => (
        <fieldset key={name} className="section">
          <legend>{name}</legend>
          {list.map((field) => (
            <BoardFieldInput
              key={field.key}
              idPrefix={idPrefix}
              field={field}
              path={field.key}
              value={values[field.key]}
              siblings={values}
              issues={issues}
              prefilled={prefilled.has(field.key)}
              locked={changingAdvert && field.fixedOnceSent === true}
              onChange={(v) => onChange(field.key, v)}
            />
          ))}
        </fieldset>
      ))}
    </>
  );
}
