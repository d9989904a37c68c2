import type { Board } from '../../api';
import { Field, FieldLabel } from '../../ui';

/** One connection setting as the board's `connectionSettings` JSON Schema describes it. */
export type Property = NonNullable<Board['connectionSettings']['properties']>[string];

const typeOf = (p: Property) =>
  (Array.isArray(p.type) ? p.type.find((t) => t !== 'null') : p.type) ?? 'string';

export interface SettingProps {
  name: string;
  property: Property;
  required: boolean;
  /** For a secret: whether the connection holds one (write-only: the value is never shown). */
  secret: { isSet: boolean } | null;
  value: unknown;
  error: string | undefined;
  onChange: (value: unknown) => void;
}

/** A setting's input: a checkbox, a secret's password box, a choice or a text box. */
export function SettingField(props: SettingProps) {
  const { name, property: p } = props;
  // Settings carry a description like "Account ID, issued by NHS Jobs": its first words are the label.
  const label = p.title ?? p.description?.split(/[,(]/)[0]?.trim() ?? name;
  const hint = p.description && p.description !== label ? p.description : undefined;
  if (typeOf(p) === 'boolean') {
    return (
      <div className="field checkbox-field">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={props.value === true}
            onChange={(e) => props.onChange(e.target.checked)}
          />
          {label}
        </label>
        {hint ? <p className="hint">{hint}</p> : null}
      </div>
    );
  }
  if (props.secret) return <SecretField {...props} label={label} hint={hint} isSet={props.secret.isSet} />;
  return <PlainField {...props} label={label} hint={hint} />;
}

type Labelled = SettingProps & { label: string; hint: string | undefined };

function SecretField({ label, hint, isSet, value, error, onChange }: Labelled & { isSet: boolean }) {
  const badge = isSet ? <span className="badge badge-set">Set</span> : <span className="badge">Not set</span>;
  return (
    <Field
      label={
        <>
          {label}
          {badge}
        </>
      }
      hint={isSet ? 'Leave empty to keep the current value. It is never shown again.' : hint}
      error={error}
    >
      {({ id, describedBy }) => (
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          aria-describedby={describedBy}
          value={String(value ?? '')}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

function PlainField({ property: p, required, label, hint, value, error, onChange }: Labelled) {
  const numeric = typeOf(p) === 'number' || typeOf(p) === 'integer';
  const typed = (raw: string) => (raw === '' ? undefined : numeric ? Number(raw) : raw);
  return (
    <Field label={<FieldLabel text={label} required={required} />} hint={hint} error={error}>
      {({ id, describedBy }) =>
        p.enum ? (
          <select
            id={id}
            aria-describedby={describedBy}
            value={String(value ?? '')}
            onChange={(e) => onChange(e.target.value)}
          >
            <option value="">Choose…</option>
            {p.enum.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={id}
            aria-describedby={describedBy}
            value={value === undefined || value === null ? '' : String(value)}
            onChange={(e) => onChange(typed(e.target.value))}
          />
        )
      }
    </Field>
  );
}
