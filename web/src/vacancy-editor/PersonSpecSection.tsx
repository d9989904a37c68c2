import { Field, humanise } from '../ui';
import { Section } from './controls';
import { LIST_KEYS } from './form';
import type { FormFields } from './useVacancyForm';

export function PersonSpecSection({ f }: { f: FormFields }) {
  return (
    <Section title="Person specification">
      <p className="hint">One item a line.</p>
      <div className="row">
        {LIST_KEYS.map(([kind, list]) => (
          <Field
            key={`${kind}.${list}`}
            label={`${humanise(kind)} ${list}`}
            error={f.serverIssues[`personSpecification.${kind}.${list}`]}
          >
            {({ id, describedBy }) => (
              <textarea
                id={id}
                rows={3}
                aria-describedby={describedBy}
                value={f.form.lists[`${kind}.${list}`] ?? ''}
                disabled={f.closed}
                onChange={(e) => f.set('lists', { ...f.form.lists, [`${kind}.${list}`]: e.target.value })}
              />
            )}
          </Field>
        ))}
      </div>
    </Section>
  );
}
