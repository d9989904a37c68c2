import type { ReactNode } from 'react';
import { Field, FieldLabel, humanise, personLength } from '../ui';
import type { Form } from './form';
import type { FormFields } from './useVacancyForm';

type TextKey = Exclude<keyof Form, 'lists'>;

/** A one-line box bound to a form value; `path` is where the API reports its problems. */
export function TextField({
  f,
  path,
  name,
  label,
  hint,
  type,
  max,
  required,
}: {
  f: FormFields;
  path: string;
  name: TextKey;
  label: string;
  hint?: string | undefined;
  type?: string;
  max?: number;
  required?: boolean;
}) {
  const value = String(f.form[name]);
  return (
    <Field
      label={<FieldLabel text={label} required={required} />}
      hint={hint}
      error={f.errorFor(path)}
      counter={max ? { count: personLength(value), max, unit: 'characters' } : undefined}
    >
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          name={name}
          type={type ?? 'text'}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          value={value}
          disabled={f.closed}
          autoComplete="off"
          onChange={(e) => f.set(name, e.target.value as never)}
          onBlur={f.touch(path)}
        />
      )}
    </Field>
  );
}

/** A choice among the API's values, shown in words. */
export function SelectField({
  f,
  name,
  label,
  values,
}: {
  f: FormFields;
  name: TextKey;
  label: string;
  values: readonly string[];
}) {
  return (
    <Field label={label} error={f.errorFor(name)}>
      {({ id, describedBy }) => (
        <select
          id={id}
          aria-describedby={describedBy}
          value={String(f.form[name])}
          disabled={f.closed}
          onChange={(e) => f.set(name, e.target.value as never)}
        >
          {values.map((v) => (
            <option key={v} value={v}>
              {humanise(v)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}
