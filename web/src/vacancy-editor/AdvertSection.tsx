import { LIMITS } from '../api';
import { RichText } from '../RichTextLazy';
import { Field, personLength, visibleText } from '../ui';
import { Section, TextField } from './controls';
import type { FormFields } from './useVacancyForm';

export function AdvertSection({ f }: { f: FormFields }) {
  return (
    <Section title="The advert">
      <Field
        label="Summary (optional)"
        hint='A short "attention grabber", shown in lists and used as the NHS Jobs job overview.'
        error={f.errorFor('summary')}
        counter={{ count: personLength(f.form.summary), max: LIMITS.summary, unit: 'characters' }}
      >
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            rows={3}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            value={f.form.summary}
            disabled={f.closed}
            onChange={(e) => f.set('summary', e.target.value)}
            onBlur={f.touch('summary')}
          />
        )}
      </Field>
      <Field
        label="Advert text"
        hint="Headings, lists, bold and links are kept."
        error={f.errorFor('description')}
        counter={{
          count: visibleText(f.form.description).length,
          max: LIMITS.descriptionText,
          unit: 'characters',
        }}
      >
        {({ id, describedBy, invalid }) => (
          <RichText
            id={id}
            label="Advert text"
            value={f.form.description}
            describedBy={describedBy}
            invalid={invalid}
            onChange={(html) => {
              f.set('description', html);
              f.touch('description')();
            }}
          />
        )}
      </Field>
      <TextField f={f} path="videoUrl" name="videoUrl" label="Video" hint="A YouTube link." type="url" />
    </Section>
  );
}
